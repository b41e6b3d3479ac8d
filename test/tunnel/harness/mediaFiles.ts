// Real media files for the large-media tests, made with the ffmpeg that imageio-ffmpeg bundles
// (runtime/requirements-dev.txt; the machine has no ffmpeg of its own) and kept in
// test-output/media/ so later runs reuse them. Each takes a few seconds to make.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testOutput } from '../../integration/harness/paths';

const PYTHON = join(repoRoot, '.venv', 'bin', 'python');

const DIR = join(testOutput, 'media');

export interface MediaFile {
  readonly path: string;
  readonly size: number;
  /** Seconds. */
  readonly duration: number;
}

/**
 * 180 s of H.264 (192×144, 15 fps, a key frame every 2 s, constant 850 kbit/s) and AAC, ~20 MB,
 * not fragmented, with its `moov` at the end (ffmpeg's default without `-movflags +faststart`).
 */
export function largeMp4(): MediaFile {
  return make('large.mp4', 180, [
    '-f', 'lavfi', '-i', 'testsrc2=size=192x144:rate=15:duration=180',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=180',
    // nal-hrd=cbr pads to the bitrate: a big file from a quick encode of a simple picture.
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-b:v', '850k', '-minrate', '850k', '-maxrate', '850k', '-bufsize', '850k',
    '-x264-params', 'nal-hrd=cbr', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-shortest',
  ]);
}

/**
 * 20 s like largeMp4 at 400 kbit/s (~1 MB), for the remuxer's unit tests; `faststart` puts the
 * `moov` first.
 */
export function smallMp4(faststart: boolean): MediaFile {
  return make(faststart ? 'small-faststart.mp4' : 'small.mp4', 20, [
    '-f', 'lavfi', '-i', 'testsrc2=size=192x144:rate=15:duration=20',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=20',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-b:v', '400k', '-minrate', '400k', '-maxrate', '400k', '-bufsize', '400k',
    '-x264-params', 'nal-hrd=cbr', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-shortest',
    ...(faststart ? ['-movflags', '+faststart'] : []),
  ]);
}

/** 250 s of MP3 at 320 kbit/s, ~10 MB: above the streaming threshold, appended as it is. */
export function largeMp3(): MediaFile {
  return make('large.mp3', 250, ['-f', 'lavfi', '-i', 'sine=frequency=550:sample_rate=44100:duration=250', '-c:a', 'libmp3lame', '-b:a', '320k']);
}

function ffmpeg(): string {
  return execFileSync(PYTHON, ['-c', 'import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())'], { encoding: 'utf8' }).trim();
}

function make(name: string, duration: number, args: string[]): MediaFile {
  const path = join(DIR, name);
  if (!existsSync(path)) {
    mkdirSync(DIR, { recursive: true });
    // Written beside and renamed: a run stopped half-way leaves no truncated file to reuse.
    const partial = join(DIR, `partial-${process.pid}-${name}`);
    execFileSync(ffmpeg(), ['-hide_banner', '-loglevel', 'error', '-y', ...args, partial], { stdio: 'inherit' });
    renameSync(partial, path);
  }
  return { path, size: statSync(path).size, duration };
}
