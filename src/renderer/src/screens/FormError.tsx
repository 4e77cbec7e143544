import { FORM_ERROR_ID, type ErrorPlace, type ShownError } from './start-errors'

/** The start screen's one error, shown beside what it is about when that is one of `places`. */
export function FormError({
  error,
  places
}: {
  error: ShownError | null
  places: readonly ErrorPlace[]
}) {
  if (!error || !places.includes(error.place)) return null
  return (
    <p id={FORM_ERROR_ID} className="form-error" role="alert" data-testid="form-error">
      {error.text}
    </p>
  )
}
