import type { Dictionary } from './en'

export const ptBR: Dictionary = {
  app: { name: 'Papo', tagline: 'Converse com quem está na sua rede. Sem conta, sem nuvem.' },
  start: {
    nickname: 'Seu apelido',
    nicknamePlaceholder: 'ex.: Ana',
    hostTitle: 'Criar um papo',
    hostHint: 'Quem está na sua rede entra pelo seu endereço.',
    hostButton: 'Hospedar uma sala',
    advanced: 'Avançado',
    port: 'Porta',
    portHint: 'Vazio: 4747, ou a próxima porta livre.',
    joinTitle: 'Entrar num papo',
    joinHint: 'Digite o endereço que o anfitrião mostra, ex.: 192.168.0.12:4747.',
    address: 'Endereço do anfitrião',
    addressPlaceholder: '192.168.0.12:4747',
    joinButton: 'Entrar',
    starting: 'Iniciando…',
    working: 'Conectando…',
    portInvalid: 'A porta é um número de 1 a 65535.'
  },
  errors: {
    BAD_REQUEST: 'O pedido não foi entendido.',
    TOO_LONG: 'Isso está longo demais.',
    NICKNAME_INVALID: 'Escolha um apelido de 1 a 32 caracteres.',
    NICKNAME_TAKEN: 'Alguém neste anfitrião já usa esse apelido. Escolha outro.',
    ROOM_NOT_FOUND: 'Nenhuma sala tem esse código. Confira e tente de novo.',
    NOT_A_MEMBER: 'Você não está mais nessa sala.',
    USER_NOT_FOUND: 'Essa pessoa não está neste anfitrião.',
    FORBIDDEN: 'Só quem está hospedando pode fazer isso.',
    REMOVED:
      'Quem está hospedando tirou você deste papo. Você pode entrar de novo quando o papo for hospedado outra vez.',
    CANNOT_LEAVE_LOBBY: 'Todo mundo fica no saguão.',
    RATE_LIMITED: 'Tentativas demais em pouco tempo. Espere um minuto e tente de novo.',
    PROTOCOL_MISMATCH:
      'Este anfitrião usa outra versão do Papo. Atualize o Papo nos dois computadores.',
    UNAUTHORIZED: 'O anfitrião não deixou você entrar.',
    INTERNAL: 'Algo deu errado. Tente de novo.',
    TIMEOUT: 'O anfitrião não respondeu a tempo.',
    NOT_CONNECTED: 'Sem conexão com o anfitrião agora.',
    ADDRESS_INVALID: 'Digite um endereço como 192.168.0.12 ou 192.168.0.12:4747.',
    HOST_NOT_FOUND: 'Nenhum computador tem esse nome nesta rede.',
    HOST_UNREACHABLE:
      'Ninguém respondeu nesse endereço. Confira o endereço e se o firewall do anfitrião permite o Papo.',
    HOST_REFUSED: 'Esse computador recusou a conexão: nada está hospedando nessa porta.',
    NOT_A_PAPO_HOST: 'Algo responde ali, mas não é um anfitrião do Papo.',
    PORT_IN_USE: 'Essa porta está em uso por outro programa. Escolha outra.',
    ALREADY_IN_SESSION: 'Você já está num papo.'
  },
  chat: {
    rooms: 'Salas',
    lobby: 'Saguão',
    lobbyHint: 'Todo mundo deste anfitrião está aqui.',
    createRoom: 'Nova sala',
    joinRoom: 'Entrar em sala',
    shareTitle: 'Os outros entram em',
    copy: 'Copiar',
    copied: 'Copiado',
    code: 'Código',
    copyCode: 'Copiar código',
    leaveRoom: 'Sair da sala',
    members: 'Participantes',
    showMembers: 'Mostrar participantes',
    hideMembers: 'Esconder participantes',
    online: 'Online',
    offline: 'Offline',
    you: 'você',
    host: 'anfitrião',
    remove: 'Remover {{name}}',
    unread_one: '{{count}} mensagem não lida',
    unread_other: '{{count}} mensagens não lidas',
    logout: 'Sair',
    settings: 'Configurações',
    hostedBy: 'Hospedado em {{name}}',
    youAreHosting: 'Você é o anfitrião',
    loadingMessages: 'Carregando mensagens…',
    loadWhenBack: 'As mensagens carregam quando a conexão voltar.',
    loadFailed: 'Não deu para carregar as mensagens: {{reason}}',
    tryAgain: 'Tentar de novo',
    loadingOlder: 'Carregando mensagens anteriores…',
    beginning: 'Este é o começo da sala.',
    newMessages: 'Mensagens novas',
    jumpToLatest: 'Ir para as últimas',
    emptyRoom: 'Nenhuma mensagem ainda. Diga oi!',
    emptyRoomShare:
      'Nenhuma mensagem ainda. Compartilhe o código {{code}} para os outros entrarem, ou diga oi!'
  },
  composer: {
    placeholder: 'Mensagem para {{room}}',
    send: 'Enviar',
    hint: 'Enter envia · Shift+Enter pula linha',
    tooLong: '{{count}} caracteres acima do limite'
  },
  message: {
    sending: 'Enviando…',
    failed: 'Não enviada.',
    failedCount_one: '{{count}} mensagem não enviada.',
    failedCount_other: '{{count}} mensagens não enviadas.',
    retryAll: 'Tentar todas de novo',
    retry: 'Tentar de novo',
    discard: 'Descartar',
    today: 'Hoje',
    yesterday: 'Ontem'
  },
  notice: {
    joined: '{{name}} entrou',
    left: '{{name}} saiu',
    online: '{{name}} está online',
    offline: '{{name}} ficou offline',
    created: '{{name}} criou a sala',
    removed: 'O anfitrião removeu {{name}}'
  },
  typing: {
    one: '{{a}} está digitando…',
    two: '{{a}} e {{b}} estão digitando…',
    many: 'Várias pessoas estão digitando…'
  },
  connection: {
    connecting: 'Conectando…',
    reconnecting: 'Conexão perdida. Reconectando…',
    hostGone: 'O anfitrião não responde. O Papo continua tentando e volta quando ele voltar.',
    hostStopped:
      'O anfitrião encerrou o papo. O Papo volta sozinho quando ele voltar; você pode continuar escrevendo.',
    hostChanged:
      'Outro anfitrião do Papo responde neste endereço agora. O Papo espera pelo anfitrião em que você estava.',
    offline: 'Desconectado do anfitrião.',
    reconnected: 'Conectado de novo.',
    logout: 'Sair e voltar ao início'
  },
  hosting: {
    crashed: 'A hospedagem parou inesperadamente.',
    restart: 'Reiniciar a hospedagem',
    restarting: 'Reiniciando…',
    restartFailed: 'Não foi possível reiniciar: {{reason}}'
  },
  dialogs: {
    cancel: 'Cancelar',
    close: 'Fechar',
    createTitle: 'Nova sala',
    roomName: 'Nome da sala',
    roomNamePlaceholder: 'ex.: Grupo de Física',
    create: 'Criar',
    joinTitle: 'Entrar em uma sala',
    roomCode: 'Código da sala',
    roomCodeHint: 'Seis letras e números, ex.: K7M-Q2X.',
    roomCodeInvalid: 'O código de uma sala tem seis letras e algarismos, ex.: K7M-Q2X.',
    join: 'Entrar',
    leaveTitle: 'Sair de “{{room}}”?',
    leaveBody: 'Você deixará de receber as mensagens dela. Dá para voltar com o código.',
    leave: 'Sair',
    logoutTitle: 'Sair do papo?',
    logoutBodyHost: 'Você é o anfitrião: sair encerra o papo para todos os conectados.',
    logoutBody: 'Todas as suas janelas do Papo neste anfitrião vão sair.',
    removeTitle: 'Remover {{name}}?',
    removeBody:
      'A conexão de {{name}} cai em todas as salas, sem poder voltar até você hospedar de novo.',
    remove: 'Remover',
    settingsTitle: 'Configurações',
    language: 'Idioma',
    languageSystem: 'Padrão do sistema',
    version: 'Papo {{version}}'
  },
  ended: {
    title: 'Você saiu do papo',
    removedTitle: 'Fora do papo',
    logout: 'Você saiu.',
    'logged-out-elsewhere': 'Você saiu em outra janela.',
    removed:
      'Quem está hospedando tirou você do papo. Você pode entrar de novo quando o papo for hospedado outra vez.',
    back: 'Voltar ao início'
  }
}
