// Calls the browser tests make to the service directly (outside the page): sign in, run a check
// to the end. Every call carries the token, so they also work with reads closed.

export async function login(url: string, user: { name: string; password: string }): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user.name, password: user.password }),
  });
  if (!r.ok) throw new Error(`login ${user.name}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

export async function runCheckToEnd(url: string, token: string, check: string): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const started = await fetch(`${url}/api/checks/${check}`, { method: 'POST', headers: auth });
  if (started.status !== 202) throw new Error(`POST /api/checks/${check} answered ${started.status}: ${await started.text()}`);
  const { id } = (await started.json()) as { id: number };
  // Waits on the run's state; the test timeout bounds it.
  for (;;) {
    const run = (await (await fetch(`${url}/api/checks/runs/${id}`, { headers: auth })).json()) as { status: string; error?: string };
    if (run.status === 'done') return;
    if (run.status === 'failed') throw new Error(`${check} check failed: ${run.error}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
