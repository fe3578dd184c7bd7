// Prints the size of a generated dataset and how long it took:
//   npx tsx platforms/data/print-stats.ts [test|default|city] [seed]

import { DEFAULT_SEED, generateDataset, SCALE_SIZES } from './generate';
import type { Scale } from './model';

const scale = (process.argv[2] ?? 'default') as Scale;
if (!(scale in SCALE_SIZES)) {
  console.error(`unknown scale "${scale}"; use one of ${Object.keys(SCALE_SIZES).join(', ')}`);
  process.exit(2);
}
const seed = process.argv[3] ? Number(process.argv[3]) : DEFAULT_SEED;
const started = performance.now();
const cpuStarted = process.cpuUsage();
const dataset = generateDataset({ scale, seed });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

const units = Object.values(dataset.units);
const tasks = units.flatMap((u) => u.tasks);
const sum = (pick: (u: (typeof units)[number]) => number) => units.reduce((total, u) => total + pick(u), 0);
const jointTasks = tasks.filter((t) => t.jointGroupId).length;
const visitedBusinesses = new Set(tasks.map((t) => t.uscc)).size;

console.log(`scale ${scale}, seed ${seed}: generated in ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s), heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
console.log(`enterprises ${dataset.enterprises.length}, publications ${dataset.publications.length}`);
console.log(`directory entries ${sum((u) => u.directory.length)}, inspectors ${sum((u) => u.inspectors.length)}, plans ${sum((u) => u.plans.length)}`);
console.log(`tasks ${tasks.length} (joint ${jointTasks}, ${((100 * jointTasks) / Math.max(1, tasks.length)).toFixed(1)}%), businesses visited ${visitedBusinesses}`);
console.log(`results ${sum((u) => u.results.length)}, findings ${sum((u) => u.results.reduce((n, r) => n + r.findings.length, 0))}, follow-ups ${sum((u) => u.followUps.length)}`);
const t = dataset.truth;
console.log(
  `truth: unpublished ${t.unpublishedTaskIds.length}, late publications ${t.latePublicationTaskIds.length}, unfinished ${t.unfinishedTaskIds.length}, ` +
    `findings without follow-up ${t.findingsWithoutFollowUp.length}, missing officers ${t.missingOfficers.length}, late plans ${t.latePlanIds.length}, ` +
    `duplicate visits ${t.duplicateVisits.length} (${((100 * new Set(t.duplicateVisits.map((d) => d.uscc)).size) / Math.max(1, visitedBusinesses)).toFixed(2)}% of visited businesses), ` +
    `equivalent item groups ${t.equivalentItems.length}`,
);
console.log('per unit (directory / inspectors / plans / tasks):');
for (const u of units) console.log(`  ${u.unitCode.padEnd(12)} ${String(u.directory.length).padStart(7)} ${String(u.inspectors.length).padStart(5)} ${String(u.plans.length).padStart(3)} ${String(u.tasks.length).padStart(7)}`);
