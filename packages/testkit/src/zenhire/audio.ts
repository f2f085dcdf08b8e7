/**
 * Audio facts the ZenHire sandbox needs: the container format from magic bytes, the
 * duration and loudness of a WAV file, and a generator of small real WAV files.
 */

/** Formats Speech accepts (zenhire-api.md §5.2). */
export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg' | 'm4a' | 'webm';

/**
 * The format of `bytes` from its magic bytes, or `undefined` when it is none of §5.2's
 * formats: WAV `RIFF....WAVE`, MP3 `ID3` or an MPEG frame sync (`0xFFE…`), FLAC `fLaC`,
 * OGG `OggS`, M4A `....ftyp`, WebM EBML `1A 45 DF A3`.
 */
export function detectAudioFormat(bytes: Buffer): AudioFormat | undefined {
  if (bytes.length < 4) return undefined;
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) return 'mp3';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (bytes.length >= 8 && ascii(4, 8) === 'ftyp') return 'm4a';
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)
    return 'webm';
  return undefined;
}

/** What the sandbox reads from a PCM WAV header and its samples. */
export interface WavInfo {
  /** Duration in milliseconds (data size ÷ byte rate). */
  durationMs: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Root mean square of the samples, 0 (silence) to 1 (full scale). */
  level: number;
}

/**
 * Reads the `fmt ` and `data` chunks of a WAV file. Returns `undefined` when the header
 * is corrupt (no `fmt `/`data` chunk, byte rate 0): the sandbox then answers
 * `AUDIO_DURATION_UNAVAILABLE`. A `data` size larger than the file (a streamed header) is
 * clamped to the bytes present.
 */
export function readWavInfo(bytes: Buffer): WavInfo | undefined {
  if (detectAudioFormat(bytes) !== 'wav') return undefined;
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; byteRate: number; bits: number } | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.subarray(offset, offset + 4).toString('latin1');
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ' && size >= 16 && body + 16 <= bytes.length) {
      fmt = {
        channels: bytes.readUInt16LE(body + 2),
        sampleRate: bytes.readUInt32LE(body + 4),
        byteRate: bytes.readUInt32LE(body + 8),
        bits: bytes.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt || fmt.byteRate === 0 || fmt.channels === 0) return undefined;
      const dataSize = Math.min(size, bytes.length - body);
      return {
        durationMs: Math.round((dataSize / fmt.byteRate) * 1000),
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bits,
        level: rmsLevel(bytes.subarray(body, body + dataSize), fmt.bits),
      };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

function rmsLevel(data: Buffer, bits: number): number {
  // Sample at most ~20k points so a 45-minute file stays cheap.
  const width = bits === 16 ? 2 : 1;
  const count = Math.floor(data.length / width);
  if (count === 0) return 0;
  const step = Math.max(1, Math.floor(count / 20_000));
  let sum = 0;
  let n = 0;
  for (let i = 0; i < count; i += step) {
    const v = width === 2 ? data.readInt16LE(i * 2) / 32768 : (data[i] - 128) / 128;
    sum += v * v;
    n++;
  }
  return Math.sqrt(sum / n);
}

/** Options of {@link makeWav}. */
export interface MakeWavOptions {
  /** Samples per second. Default 8000 (8 kHz). */
  sampleRate?: number;
  /** Tone amplitude 0–1; 0 gives digital silence (the sandbox scores it low-confidence). Default 0.3. */
  amplitude?: number;
  /** Tone frequency in Hz. Default 440. */
  frequencyHz?: number;
}

/**
 * A real PCM WAV file (8-bit unsigned, mono) of `seconds` seconds: a tone that pulses on
 * and off every second so it is not a flat signal. At the default 8 kHz, one minute is
 * 480 KB (a 4-minute file is about 1.9 MB); pass a lower `sampleRate` for smaller files.
 */
export function makeWav(seconds: number, options: MakeWavOptions = {}): Buffer {
  const sampleRate = options.sampleRate ?? 8000;
  const amplitude = options.amplitude ?? 0.3;
  const frequency = options.frequencyHz ?? 440;
  const samples = Math.round(seconds * sampleRate);
  const buffer = Buffer.alloc(44 + samples);
  buffer.write('RIFF', 0, 'latin1');
  buffer.writeUInt32LE(36 + samples, 4);
  buffer.write('WAVE', 8, 'latin1');
  buffer.write('fmt ', 12, 'latin1');
  buffer.writeUInt32LE(16, 16); // fmt chunk size
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(1, 22); // mono
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate, 28); // byte rate = rate × 1 channel × 1 byte
  buffer.writeUInt16LE(1, 32); // block align
  buffer.writeUInt16LE(8, 34); // bits per sample
  buffer.write('data', 36, 'latin1');
  buffer.writeUInt32LE(samples, 40);
  // With an integer frequency the signal repeats every second: compute one second, copy it.
  const period = Number.isInteger(frequency) ? Math.min(samples, sampleRate) : samples;
  for (let i = 0; i < period; i++) {
    const t = i / sampleRate;
    const gate = t % 1 < 0.7 ? 1 : 0.1;
    const v = amplitude * gate * Math.sin(2 * Math.PI * frequency * t);
    buffer[44 + i] = Math.max(0, Math.min(255, Math.round(128 + v * 127)));
  }
  for (let start = period; start < samples; start += period)
    buffer.copy(buffer, 44 + start, 44, 44 + Math.min(period, samples - start));
  return buffer;
}
