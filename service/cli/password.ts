// Passwords on the command line never come from argv (other users see it in `ps` and shell
// history): either typed at a prompt that does not echo, or piped in with --password-stdin.
import { createInterface } from 'node:readline';

export async function readPasswordStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function promptPassword(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw new Error('no terminal to type a password at; pipe it in with --password-stdin');
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    // Echo the question, nothing of what is typed.
    out._writeToOutput = (s: string) => {
      if (!asked) process.stderr.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    asked = true;
  });
}

/** The password an option set asks for: prompted, piped, or none. */
export async function passwordFrom(opts: { password?: boolean; passwordStdin?: boolean }): Promise<string | undefined> {
  if (opts.passwordStdin) return readPasswordStdin();
  if (opts.password) {
    const first = await promptPassword('Password: ');
    const again = await promptPassword('Again: ');
    if (first !== again) throw new Error('the two passwords differ');
    return first;
  }
  return undefined;
}
