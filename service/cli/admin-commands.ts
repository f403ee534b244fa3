// Looking after users, tokens, layer versions and the audit trail from the command line. Every
// change is written to the audit trail as `cli:<os user>`.
import type { Command } from 'commander';
import { Store } from '../store/index.ts';
import { isLayerName, LAYER_NAMES } from '../layers/schema.ts';
import { audit, auditRows, cliActor } from '../audit/log.ts';
import { dbOption } from './data-commands.ts';
import { isPgUrl, withPgStore } from './pg-store.ts';
import type { PgStore } from '../store/pg/index.ts';

async function withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(dbOption(cmd));
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** The user commands that both stores answer: users span counties, so PostgreSQL needs no county. */
async function withUsers<T>(cmd: Command, fn: (store: Store | PgStore) => Promise<T>): Promise<T> {
  const db = dbOption(cmd);
  return isPgUrl(db) ? withPgStore(db, fn) : withStore(cmd, fn);
}

const note = (store: Store | PgStore, action: string, target: string, detail?: Record<string, unknown>) =>
  audit(store, { actor: cliActor(), action, target, detail, ip: 'cli' });

export function registerAdminCommands(program: Command, user: Command): void {
  user
    .command('remove')
    .description('remove a user and every token of theirs')
    .argument('<name>')
    .action(async (name: string, _o: unknown, cmd: Command) =>
      withUsers(cmd, async (store) => {
        await store.users.remove(name);
        await note(store, 'user.remove', name);
        process.stdout.write(`user ${name} removed\n`);
      }),
    );
  for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
    user
      .command(verb)
      .description(disabled ? 'stop a user signing in and revoke their tokens' : 'let a disabled user sign in again')
      .argument('<name>')
      .action(async (name: string, _o: unknown, cmd: Command) =>
        withUsers(cmd, async (store) => {
          await store.users.setDisabled(name, disabled);
          await note(store, `user.${verb}`, name);
          process.stdout.write(`user ${name} ${verb}d\n`);
        }),
      );
  }

  const token = program.command('token').description('list and revoke bearer tokens');
  token
    .command('list')
    .description('list tokens (id, user, created, expires); ids are the start of the stored hash, never the token')
    .option('--user <name>', 'only this user')
    .action(async (opts: { user?: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        for (const t of await store.users.tokens(opts.user)) process.stdout.write(`${t.id}\t${t.name}\t${t.created_at}\t${t.expires_at ?? 'never'}\n`);
      }),
    );
  token
    .command('revoke')
    .description('revoke a token by its id (from token list), or every token of a user with --user')
    .argument('[id]')
    .option('--user <name>', 'revoke all tokens of this user')
    .action(async (id: string | undefined, opts: { user?: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        if (!id && !opts.user) throw new Error('name a token id or --user NAME');
        const n = opts.user ? await store.users.revokeAll(opts.user) : await store.users.revokeById(id!);
        if (n === 0) throw new Error(`no token ${opts.user ? `of user ${opts.user}` : id}`);
        await note(store, 'token.revoke', opts.user ?? id!, { count: n });
        process.stdout.write(`${n} token(s) revoked\n`);
      }),
    );

  const layer = program.command('layer').description('layer versions: list the archived ones, bring one back');
  layer
    .command('versions')
    .description('list the current and archived versions of a layer')
    .argument('<layer>', LAYER_NAMES.join(', '))
    .action(async (name: string, _o: unknown, cmd: Command) =>
      withStore(cmd, async (store) => {
        if (!isLayerName(name)) throw new Error(`unknown layer "${name}"; layers are ${LAYER_NAMES.join(', ')}`);
        const cur = await store.layer(name);
        process.stdout.write(`${name}: current version ${cur.version}, ${cur.count} features\n`);
        for (const v of await store.archivedVersions(name)) {
          process.stdout.write(`  version ${v.version}\t${v.feature_count} features\tarchived ${v.archived_at}\t${v.source ?? ''}\n`);
        }
      }),
    );
  layer
    .command('restore')
    .description('make an archived version the current content again (as a new version)')
    .argument('<layer>', LAYER_NAMES.join(', '))
    .requiredOption('--version <n>', 'the archived version (see layer versions)')
    .action(async (name: string, opts: { version: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        if (!isLayerName(name)) throw new Error(`unknown layer "${name}"; layers are ${LAYER_NAMES.join(', ')}`);
        const version = Number(opts.version);
        if (!Number.isSafeInteger(version) || version < 1) throw new Error(`--version must be a whole number ≥ 1; got "${opts.version}"`);
        const out = await store.restore(name, version, cliActor());
        await note(store, 'layer.restore', name, { from_version: version, version: out.version });
        process.stdout.write(`${name}: version ${version} restored as version ${out.version} (${out.featureCount} features)\n`);
      }),
    );

  program
    .command('audit')
    .description('print the audit trail, newest first, as tab-separated lines')
    .option('--limit <n>', 'rows', '100')
    .option('--action <action>', 'only this action (or prefix, e.g. layer)')
    .option('--actor <actor>', 'only this actor')
    .action(async (opts: { limit: string; action?: string; actor?: string }, cmd: Command) =>
      withStore(cmd, async (store) => {
        for (const r of await auditRows(store, { limit: Number(opts.limit) || 100, action: opts.action, actor: opts.actor })) {
          process.stdout.write(`${r.at}\t${r.actor ?? '-'}\t${r.ip ?? '-'}\t${r.action}\t${r.target ?? ''}\t${r.detail ? JSON.stringify(r.detail) : ''}\n`);
        }
      }),
    );
}
