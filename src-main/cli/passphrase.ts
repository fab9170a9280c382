/**
 * The passphrase comes only from AUDITOR_PASSPHRASE or an interactive prompt with echo off;
 * never from an argument, where it would land in shell history and process listings.
 */
import { AppError } from '../../src-shared/errors';

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new AppError('CANCELLED', 'cancelled at the passphrase prompt'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export async function readPassphrase(options: { confirm: boolean }): Promise<string> {
  const fromEnv = process.env.AUDITOR_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new AppError('PASSPHRASE_REQUIRED', 'set AUDITOR_PASSPHRASE or run in a terminal to be asked for the passphrase');
  }
  const first = await promptHidden('Engagement passphrase: ');
  if (options.confirm) {
    const second = await promptHidden('Repeat the passphrase: ');
    if (first !== second) throw new AppError('BAD_REQUEST', 'the two passphrases differ');
  }
  return first;
}
