import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './spawn-server.js';

const execFileAsync = promisify(execFile);

/** `npm pack` of the plugin into `destination`, as published (prepack builds and writes the oclif manifest); the tarball's path. */
export async function packPlugin(destination: string): Promise<string> {
  await execFileAsync('npm', ['pack', '--pack-destination', destination], { cwd: join(REPO_ROOT, 'plugin'), timeout: 180_000 });
  const tarball = readdirSync(destination).find((name) => /^heroku-vanity-.+\.tgz$/.test(name));
  if (!tarball) throw new Error(`npm pack wrote no heroku-vanity tarball into ${destination}`);
  return join(destination, tarball);
}
