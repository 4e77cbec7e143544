import { describe, expect, it } from 'vitest'
import { checkThumbnail, sniff, UNKNOWN_TYPE } from '../../src/main/host/files/sniff'
import { pngBytes } from '../helpers/file-tools'

// What a file is, from its first bytes only: names and what the sender says count for nothing.

/** A PNG's signature and IHDR chunk: all image-size reads. */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25)
  ihdr.writeUInt32BE(13, 0)
  ihdr.write('IHDR', 4, 'latin1')
  ihdr.writeUInt32BE(width, 8)
  ihdr.writeUInt32BE(height, 12)
  ihdr.set([8, 6, 0, 0, 0], 16)
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), ihdr])
}

/** A JPEG's start: SOI, an APP1 EXIF block with an orientation, and a SOF0 with the size. */
function jpegHeader(width: number, height: number, orientation = 1): Buffer {
  const tiff = Buffer.alloc(26)
  tiff.write('MM', 0, 'latin1')
  tiff.writeUInt16BE(42, 2)
  tiff.writeUInt32BE(8, 4)
  tiff.writeUInt16BE(1, 8) // one IFD entry
  tiff.writeUInt16BE(0x0112, 10) // Orientation
  tiff.writeUInt16BE(3, 12) // SHORT
  tiff.writeUInt32BE(1, 14)
  tiff.writeUInt16BE(orientation, 18)
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const app1 = Buffer.alloc(4)
  app1.writeUInt16BE(0xffe1, 0)
  app1.writeUInt16BE(exif.length + 2, 2)
  const sof = Buffer.alloc(19)
  sof.writeUInt16BE(0xffc0, 0)
  sof.writeUInt16BE(17, 2)
  sof[4] = 8
  sof.writeUInt16BE(height, 5)
  sof.writeUInt16BE(width, 7)
  sof[9] = 3
  return Buffer.concat([Buffer.from('ffd8', 'hex'), app1, exif, sof, Buffer.alloc(64)])
}

function gifHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(13)
  b.write('GIF89a', 0, 'latin1')
  b.writeUInt16LE(width, 6)
  b.writeUInt16LE(height, 8)
  return b
}

function webpHeader(width: number, height: number): Buffer {
  const b = Buffer.alloc(30)
  b.write('RIFF', 0, 'latin1')
  b.writeUInt32LE(22, 4)
  b.write('WEBPVP8X', 8, 'latin1')
  b.writeUInt32LE(10, 16)
  b.writeUIntLE(width - 1, 24, 3)
  b.writeUIntLE(height - 1, 27, 3)
  return b
}

describe('sniffing a file', () => {
  it('knows the pictures Papo draws, with their size', () => {
    expect(sniff(pngBytes(32, 16))).toEqual({ type: 'image/png', image: { width: 32, height: 16 } })
    expect(sniff(jpegHeader(640, 480))).toEqual({
      type: 'image/jpeg',
      image: { width: 640, height: 480 }
    })
    expect(sniff(gifHeader(10, 20))).toEqual({
      type: 'image/gif',
      image: { width: 10, height: 20 }
    })
    expect(sniff(webpHeader(300, 200))).toEqual({
      type: 'image/webp',
      image: { width: 300, height: 200 }
    })
  })

  it('gives a turned photo its size as shown', () => {
    expect(sniff(jpegHeader(4000, 3000, 6)).image).toEqual({ width: 3000, height: 4000 })
    expect(sniff(jpegHeader(4000, 3000, 3)).image).toEqual({ width: 4000, height: 3000 })
  })

  it('never draws an SVG or HTML, whatever they say', () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script/></svg>'
    )
    expect(sniff(svg)).toEqual({ type: 'image/svg+xml', image: null })
    const xmlSvg = Buffer.from(`<?xml version="1.0"?>\n${svg.toString()}`)
    expect(sniff(xmlSvg)).toEqual({ type: 'image/svg+xml', image: null })
    for (const html of ['<!DOCTYPE html><p>hi', '\ufeff  <html><body>x', '<HTML>']) {
      expect(sniff(Buffer.from(html))).toEqual({ type: 'text/html', image: null })
    }
  })

  it('names other known types, and says octet-stream for anything else', () => {
    expect(sniff(Buffer.from('%PDF-1.7\n%âãÏÓ'))).toEqual({ type: 'application/pdf', image: null })
    expect(sniff(Buffer.from('504b0304140000000800', 'hex')).type).toBe('application/zip')
    expect(sniff(Buffer.from('just some text'))).toEqual({ type: UNKNOWN_TYPE, image: null })
    expect(sniff(Buffer.alloc(0))).toEqual({ type: UNKNOWN_TYPE, image: null })
    expect(sniff(Buffer.from([0xff, 0xd8]))).toMatchObject({ image: null })
  })

  it('does not draw a picture too big to decode safely (a decompression bomb)', () => {
    expect(sniff(pngHeader(40_000, 40_000))).toEqual({ type: 'image/png', image: null })
    expect(sniff(pngHeader(20_000, 20_000))).toEqual({ type: 'image/png', image: null })
    expect(sniff(pngHeader(10_000, 5_000)).image).toEqual({ width: 10_000, height: 5_000 })
    expect(sniff(pngHeader(0, 10))).toMatchObject({ image: null })
  })
})

describe('a sender’s thumbnail', () => {
  it('is a PNG, JPEG or WebP picture within the side limit', () => {
    expect(checkThumbnail(pngBytes(320, 200), 320)).toEqual({
      type: 'image/png',
      width: 320,
      height: 200
    })
    expect(checkThumbnail(jpegHeader(100, 80), 320)).toMatchObject({ type: 'image/jpeg' })
    expect(checkThumbnail(webpHeader(100, 80), 320)).toMatchObject({ type: 'image/webp' })
    expect(checkThumbnail(pngBytes(321, 10), 320)).toBeNull()
    expect(checkThumbnail(gifHeader(10, 10), 320)).toBeNull()
    expect(checkThumbnail(Buffer.from('<svg width="10" height="10"/>'), 320)).toBeNull()
    expect(checkThumbnail(Buffer.from('hello'), 320)).toBeNull()
  })
})
