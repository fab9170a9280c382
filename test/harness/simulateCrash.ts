/**
 * Tests only: leaves an engagement as a kill during a bulk import would, for the end-to-end
 * specs (which cannot load the engine themselves). Usage, with AUDITOR_PASSPHRASE set:
 *   node dist/harness/simulateCrash.js FOLDER INDEX_TABLE...
 * The newest import is left RUNNING, and each named index table (ix_actor, …) loses its
 * trigger and its rows, as a build that was never finished leaves it; the next open marks the
 * import interrupted and repairs the index.
 */
import { createInProcessEngine } from '../../src-main/engine/inProcessEngine';
import type { Db } from '../../src-main/engine/store/database';

const [folder, ...tables] = process.argv.slice(2);
if (!folder || tables.length === 0 || tables.some((t) => !/^ix_[a-z_]+$/.test(t))) {
  process.stderr.write('usage: simulateCrash.js FOLDER INDEX_TABLE...\n');
  process.exit(2);
}
const engine = createInProcessEngine({ stateDir: null, engagementsRoot: folder, transport: 'test' });
try {
  const opened = await engine.call('engagement.open', { folder, passphrase: process.env.AUDITOR_PASSPHRASE ?? '' });
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
  const { db } = (engine.engine as unknown as { current: { db: Db } }).current;
  db.exec("UPDATE imports SET status = 'RUNNING', finished_at = NULL WHERE id = (SELECT max(id) FROM imports)");
  for (const table of tables) db.exec(`DROP TRIGGER ${table}_fill; DELETE FROM ${table}`);
} finally {
  await engine.close();
}
