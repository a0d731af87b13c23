/**
 * Evaluates the churn-risk decision tree (`demo/server/insights/tree.ts`) on CSV data with a `churn` column (Yes/No).
 *
 *   npm run eval:churn -- --train FILE --test FILE      one JSON line {"accuracy","auc","n"} on stdout
 *   npm run eval:churn -- --train FILE --cv 5           stratified K-fold grid search (table on stderr)
 *   npm run eval:churn -- --train FILE --cv 5 --nested  nested CV: the tuning procedure itself scored on unseen folds
 *   npm run eval:churn -- --train FILE --write-split DIR  seeded stratified 80/20 split → DIR/train.csv, DIR/test.csv
 *
 * Column kinds come from the training file: a column whose non-missing cells all read as numbers
 * is numeric (0/1 flags included), anything else categorical. Missing cells: empty, `NA`, `N/A`,
 * `NaN`, `null`, `?` (the Telco file writes `NA` for the total charges of new customers).
 * Everything but the one result line goes to stderr; bad input exits with code 2.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CsvError, formatCsvRecord, parseCsv } from './csv.js';
import {
  defaultTreeOptions,
  predictTree,
  trainTree,
  type FeatureValue,
  type TreeModel,
  type TreeOptions,
  type TreeStep,
} from '../../demo/server/insights/tree.js';
import { rocAuc, stratifiedFolds } from './metrics.js';
import { predictLogistic, trainLogistic } from '../../demo/server/insights/logistic.js';
import { createRandom } from '../../demo/server/seed.js';

/**
 * The models compared (`--model`): `tree` (tree.ts, today's), `logistic` (logistic.ts, the
 * server's: with log terms), `linear` (the same logistic regression without log terms: the plain
 * textbook one), `majority` (always the base rate). Each trains on rows and answers a probability.
 */
export const models = ['tree', 'logistic', 'linear', 'majority'] as const;
export type ModelName = (typeof models)[number];
type Rows = Record<string, FeatureValue>[];
type Predictor = (row: Record<string, FeatureValue>) => number;
/** A model's tuning grid for CV: tree depth/leaf, or the logistic ridge penalty. */
const l2Grid = [0.0001, 0.001, 0.01, 0.1];

function trainModel(name: ModelName, rows: Rows, labels: (0 | 1)[], options: TreeOptions & { l2?: number }): Predictor {
  switch (name) {
    case 'tree': {
      const model = trainTree(rows, labels, options);
      return (row) => predictTree(model, row).probability;
    }
    case 'logistic':
    case 'linear': {
      const model = trainLogistic(rows, labels, { l2: options.l2 ?? 0.001, logTerms: name === 'logistic' });
      return (row) => predictLogistic(model, row).probability;
    }
    case 'majority': {
      const rate = labels.filter((l) => l === 1).length / labels.length;
      return () => rate;
    }
  }
}

const usage = `usage:
  eval-churn --train FILE --test FILE [--model tree|logistic|linear|majority] [--l2 X] [--max-depth N] [--min-leaf N] [--min-split N] [--smoothing M] [--threshold P] [--print-tree]
  eval-churn --train FILE --cv K [--repeats R] [--seed S] [--nested] [--model M]
  eval-churn --train FILE --time-rows N [--model M] [--seed S]   training time on N rows drawn with replacement
  eval-churn --train FILE --write-split DIR [--seed S]`;

/** Bad arguments: reported on stderr with the usage, exit code 2. */
class UsageError extends Error {}

/** Unreadable or unsuitable input: reported in one line on stderr, exit code 2. */
class InputError extends UsageError {}

/** One line per step, for logs and docs: `contract in [Month-to-month]`, `tenure <= 5.5`. */
function describeStep(step: TreeStep): string {
  const list = (values: number | string[]) => (Array.isArray(values) ? `[${values.join(', ')}]` : String(values));
  switch (step.op) {
    case 'lte':
      return `${step.feature} <= ${list(step.threshold)}`;
    case 'gt':
      return `${step.feature} > ${list(step.threshold)}`;
    case 'in':
      return `${step.feature} in ${list(step.threshold)}`;
    case 'notIn':
      return `${step.feature} not in ${list(step.threshold)}`;
    case 'missing': {
      const what = step.value === null ? 'missing' : `${JSON.stringify(step.value)} (not seen in training)`;
      const as =
        step.routedAs === 'lte' ? '<=' : step.routedAs === 'gt' ? '>' : step.routedAs === 'notIn' ? 'not in' : 'in';
      return `${step.feature} ${what}, treated as ${as} ${list(step.threshold)}`;
    }
  }
}

const missingTokens = new Set(['', 'na', 'n/a', 'nan', 'null', '?']);
const numberPattern = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export interface ChurnDataset {
  file: string;
  header: string[];
  /** Raw cells, header excluded, for writing splits back out. */
  records: string[][];
  featureNames: string[];
  rows: Record<string, FeatureValue>[];
  labels: (0 | 1)[];
}

type Kinds = Map<string, 'numeric' | 'categorical'>;

function isMissingCell(cell: string): boolean {
  return missingTokens.has(cell.trim().toLowerCase());
}

function readCsvFile(file: string): { header: string[]; records: string[][] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? String(error)})`,
    );
  }
  let parsed: string[][];
  try {
    parsed = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) throw new InputError(`${file}: ${error.message}`);
    throw error;
  }
  const [header, ...records] = parsed;
  if (!header || records.length === 0) throw new InputError(`${file}: no data rows`);
  records.forEach((record, i) => {
    if (record.length !== header.length) {
      throw new InputError(`${file}: record ${i + 2} has ${record.length} fields, the header has ${header.length}`);
    }
  });
  return { header: header.map((h) => h.trim()), records };
}

function churnIndex(file: string, header: string[]): number {
  const index = header.findIndex((h) => h.toLowerCase() === 'churn');
  if (index < 0) throw new InputError(`${file}: no "churn" column (columns: ${header.join(', ')})`);
  return index;
}

function readLabel(file: string, cell: string, record: number): 0 | 1 {
  const value = cell.trim().toLowerCase();
  if (value === 'yes' || value === '1' || value === 'true') return 1;
  if (value === 'no' || value === '0' || value === 'false') return 0;
  throw new InputError(`${file}: record ${record}: churn is ${JSON.stringify(cell)}, expected Yes or No`);
}

/** Numeric when every non-missing cell reads as a number; otherwise categorical. */
function detectKinds(header: string[], records: string[][], skip: number): Kinds {
  const kinds: Kinds = new Map();
  header.forEach((name, j) => {
    if (j === skip) return;
    const numeric = records.every((r) => isMissingCell(r[j]) || numberPattern.test(r[j].trim()));
    kinds.set(name, numeric ? 'numeric' : 'categorical');
  });
  return kinds;
}

/** Reads a churn CSV. `kinds` (from the training file) fixes how a test file's columns are read. */
export function readChurnCsv(file: string, kinds?: Kinds): ChurnDataset & { kinds: Kinds } {
  const { header, records } = readCsvFile(file);
  const target = churnIndex(file, header);
  const columnKinds = kinds ?? detectKinds(header, records, target);
  const featureNames = [...columnKinds.keys()];
  const absent = featureNames.filter((name) => !header.includes(name));
  if (absent.length > 0) warn(`${file}: no column ${absent.join(', ')}; read as missing`);
  const position = new Map(header.map((h, j) => [h, j]));
  let unreadable = 0;
  const rows = records.map((record) => {
    const row: Record<string, FeatureValue> = {};
    for (const name of featureNames) {
      const j = position.get(name);
      const cell = j === undefined ? '' : record[j];
      if (isMissingCell(cell)) row[name] = null;
      else if (columnKinds.get(name) === 'numeric') {
        const value = numberPattern.test(cell.trim()) ? Number(cell) : NaN;
        if (Number.isNaN(value)) unreadable++;
        row[name] = Number.isNaN(value) ? null : value;
      } else row[name] = cell.trim();
    }
    return row;
  });
  if (unreadable > 0) warn(`${file}: ${unreadable} non-numeric cells in numeric columns read as missing`);
  const labels = records.map((record, i) => readLabel(file, record[target], i + 2));
  return { file, header, records, featureNames, rows, labels, kinds: columnKinds };
}

function warn(message: string): void {
  process.stderr.write(`eval-churn: ${message}\n`);
}

export function accuracyAt(probabilities: readonly number[], labels: readonly (0 | 1)[], threshold: number): number {
  let correct = 0;
  probabilities.forEach((p, i) => {
    if ((p >= threshold ? 1 : 0) === labels[i]) correct++;
  });
  return correct / labels.length;
}

function printTree(model: TreeModel): void {
  const lines: string[] = [];
  const walk = (id: number, depth: number, label: string) => {
    const node = model.nodes[id];
    const share = `${(node.probability * 100).toFixed(1)}% of ${node.n}`;
    lines.push(`${'  '.repeat(depth)}${label}${label ? ' → ' : ''}${share}`);
    if (node.type === 'leaf') return;
    const missing = node.missingLeft ? ' (or missing)' : '';
    const otherMissing = node.missingLeft ? '' : ' (or missing)';
    if (node.type === 'numeric') {
      walk(node.left, depth + 1, `${node.feature} <= ${node.threshold}${missing}`);
      walk(node.right, depth + 1, `${node.feature} > ${node.threshold}${otherMissing}`);
    } else {
      walk(node.left, depth + 1, `${node.feature} in [${node.leftCategories.join(', ')}]${missing}`);
      walk(node.right, depth + 1, `${node.feature} in [${node.rightCategories.join(', ')}]${otherMissing}`);
    }
  };
  walk(0, 0, '');
  process.stderr.write(`${lines.join('\n')}\n`);
}

function evaluate(
  train: ChurnDataset,
  test: ChurnDataset,
  options: TreeOptions & { l2?: number },
  threshold: number,
  showTree: boolean,
  name: ModelName,
): void {
  const started = performance.now();
  if (name !== 'tree') {
    const predict = trainModel(name, train.rows, train.labels, options);
    warn(
      `${name}: trained on ${train.labels.length} rows of ${train.file} in ${(performance.now() - started).toFixed(0)} ms`,
    );
    const probabilities = test.rows.map(predict);
    const result = {
      model: name,
      accuracy: accuracyAt(probabilities, test.labels, threshold),
      auc: rocAuc(probabilities, test.labels),
      n: test.labels.length,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const model = trainTree(train.rows, train.labels, options);
  const trainMs = performance.now() - started;
  const leaves = model.nodes.filter((node) => node.type === 'leaf').length;
  warn(
    `trained on ${model.trainingRows} rows of ${train.file} in ${trainMs.toFixed(0)} ms: ${model.nodes.length} nodes, ${leaves} leaves; ` +
      `options ${JSON.stringify(model.options)}; threshold ${threshold}`,
  );
  if (showTree) printTree(model);
  const predictions = test.rows.map((row) => predictTree(model, row));
  const probabilities = predictions.map((p) => p.probability);
  const example = predictions.find((p) => p.probability >= threshold) ?? predictions[0];
  warn(`example reason (${(example.probability * 100).toFixed(0)}%): ${example.path.map(describeStep).join(' → ')}`);
  const result = {
    accuracy: accuracyAt(probabilities, test.labels, threshold),
    auc: rocAuc(probabilities, test.labels),
    n: test.labels.length,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Training time on `n` rows drawn with replacement from the file (seeded): what a tenant of that size costs. */
function timeTraining(
  train: ChurnDataset,
  n: number,
  seed: number,
  name: ModelName,
  options: TreeOptions & { l2?: number },
): void {
  const random = createRandom(seed);
  const picks = Array.from({ length: n }, () => random.int(0, train.rows.length - 1));
  const rows = picks.map((i) => train.rows[i]);
  const labels = picks.map((i) => train.labels[i]);
  trainModel(name, rows.slice(0, 200), labels.slice(0, 200), options); // warm-up (JIT)
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    trainModel(name, rows, labels, options);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ model: name, rows: n, medianMs: Math.round(times[1]), runsMs: times.map(Math.round) })}\n`,
  );
}

const grid = { maxDepth: [4, 5, 6, 7, 8, 10], minLeaf: [20, 40, 60, 80, 100, 130, 160, 200] };
const thresholds = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7];

interface GridResult {
  maxDepth: number;
  minLeaf: number;
  auc: number;
  aucSd: number;
  accuracy: number;
  /** Out-of-fold probabilities, one array per repeat. */
  outOfFold: number[][];
}

/** K-fold stratified CV (R repeats) of every grid setting on `rows`; returns every result and the chosen one. */
function gridSearch(
  rows: Record<string, FeatureValue>[],
  labels: (0 | 1)[],
  k: number,
  repeats: number,
  seed: number,
  fixed: TreeOptions,
) {
  if (k > Math.min(labels.filter((l) => l === 1).length, labels.filter((l) => l === 0).length)) {
    throw new InputError(`--cv ${k}: more folds than rows of one class`);
  }
  const folds = Array.from({ length: repeats }, (_, r) => stratifiedFolds(labels, k, seed + r));
  const results: GridResult[] = [];
  // --max-depth / --min-leaf narrow the grid to the given value (to re-check one setting).
  for (const maxDepth of fixed.maxDepth === undefined ? grid.maxDepth : [fixed.maxDepth]) {
    for (const minLeaf of fixed.minLeaf === undefined ? grid.minLeaf : [fixed.minLeaf]) {
      const aucs: number[] = [];
      const accuracies: number[] = [];
      const outOfFold: number[][] = [];
      for (const assignment of folds) {
        const probabilities = new Array<number>(labels.length).fill(NaN);
        for (let fold = 0; fold < k; fold++) {
          const inTrain = assignment.map((f) => f !== fold);
          const model = trainTree(
            rows.filter((_, i) => inTrain[i]),
            labels.filter((_, i) => inTrain[i]),
            { ...fixed, maxDepth, minLeaf },
          );
          const testIndices = assignment.flatMap((f, i) => (f === fold ? [i] : []));
          const p = testIndices.map((i) => predictTree(model, rows[i]).probability);
          const y = testIndices.map((i) => labels[i]);
          testIndices.forEach((i, j) => (probabilities[i] = p[j]));
          aucs.push(rocAuc(p, y));
          accuracies.push(accuracyAt(p, y, 0.5));
        }
        outOfFold.push(probabilities);
      }
      const auc = mean(aucs);
      results.push({
        maxDepth,
        minLeaf,
        auc,
        aucSd: Math.sqrt(mean(aucs.map((a) => (a - auc) ** 2))),
        accuracy: mean(accuracies),
        outOfFold,
      });
    }
  }
  // Highest mean AUC wins; an exact tie goes to the simpler tree (shallower, then larger leaves).
  const chosen = [...results].sort((a, b) => b.auc - a.auc || a.maxDepth - b.maxDepth || b.minLeaf - a.minLeaf)[0];
  return { results, chosen };
}

function crossValidate(train: ChurnDataset, k: number, repeats: number, seed: number, fixed: TreeOptions): void {
  const started = performance.now();
  const { results, chosen } = gridSearch(train.rows, train.labels, k, repeats, seed, fixed);
  const seconds = (performance.now() - started) / 1000;
  const table = [
    `${k}-fold stratified CV × ${repeats} repeat(s), seed ${seed}, ${train.labels.length} rows, ${results.length * k * repeats} trainings in ${seconds.toFixed(1)} s`,
    'maxDepth minLeaf   AUC    ±sd   accuracy@0.5',
    ...results.map(
      (r) =>
        `${String(r.maxDepth).padStart(8)} ${String(r.minLeaf).padStart(7)}  ${r.auc.toFixed(4)} ${r.aucSd.toFixed(4)}  ${r.accuracy.toFixed(4)}`,
    ),
  ];
  const thresholdLine = thresholds.map((t) => {
    const accuracy = mean(chosen.outOfFold.map((p) => accuracyAt(p, train.labels, t)));
    return { t, accuracy };
  });
  const bestThreshold = [...thresholdLine].sort(
    (a, b) => b.accuracy - a.accuracy || Math.abs(a.t - 0.5) - Math.abs(b.t - 0.5),
  )[0];
  table.push(
    `chosen: maxDepth ${chosen.maxDepth}, minLeaf ${chosen.minLeaf} (AUC ${chosen.auc.toFixed(4)}, accuracy@0.5 ${chosen.accuracy.toFixed(4)}); ` +
      `defaults in tree.ts: maxDepth ${defaultTreeOptions.maxDepth}, minLeaf ${defaultTreeOptions.minLeaf}`,
    `out-of-fold accuracy by threshold for the chosen setting: ${thresholdLine.map((x) => `${x.t}: ${x.accuracy.toFixed(4)}`).join(', ')}`,
  );
  process.stderr.write(`${table.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ cv: k, repeats, maxDepth: chosen.maxDepth, minLeaf: chosen.minLeaf, auc: chosen.auc, accuracy: chosen.accuracy, bestThreshold: bestThreshold.t, accuracyAtBestThreshold: bestThreshold.accuracy })}\n`,
  );
}

/**
 * Nested CV: an honest estimate of the whole procedure (tune by inner CV, train, predict unseen
 * rows). Each outer fold is held out in turn; the grid search runs on the other folds only.
 */
/** Nested CV of a non-tree model: the inner CV picks the ridge penalty (logistic models) or nothing. */
function nestedOther(train: ChurnDataset, k: number, repeats: number, seed: number, name: ModelName): void {
  const started = performance.now();
  const outer = stratifiedFolds(train.labels, k, seed + 1000);
  const accuracies: number[] = [];
  const aucs: number[] = [];
  const lines = [
    `${name}: nested ${k}-fold CV (inner ${k}-fold × ${repeats}), seed ${seed}, ${train.labels.length} rows`,
  ];
  for (let fold = 0; fold < k; fold++) {
    const inner = outer.map((f) => f !== fold);
    const rows = train.rows.filter((_, i) => inner[i]);
    const labels = train.labels.filter((_, i) => inner[i]);
    let l2 = 0.001;
    if (name === 'logistic' || name === 'linear') {
      const folds = Array.from({ length: repeats }, (_, r) => stratifiedFolds(labels, k, seed + r));
      const scored = l2Grid.map((candidate) => {
        const aucsInner: number[] = [];
        for (const assignment of folds) {
          for (let f = 0; f < k; f++) {
            const predict = trainModel(
              name,
              rows.filter((_, i) => assignment[i] !== f),
              labels.filter((_, i) => assignment[i] !== f),
              { l2: candidate },
            );
            const held = assignment.flatMap((a, i) => (a === f ? [i] : []));
            aucsInner.push(
              rocAuc(
                held.map((i) => predict(rows[i])),
                held.map((i) => labels[i]),
              ),
            );
          }
        }
        return { l2: candidate, auc: mean(aucsInner) };
      });
      l2 = scored.sort((a, b) => b.auc - a.auc || b.l2 - a.l2)[0].l2;
    }
    const predict = trainModel(name, rows, labels, { l2 });
    const held = outer.flatMap((f, i) => (f === fold ? [i] : []));
    const p = held.map((i) => predict(train.rows[i]));
    const y = held.map((i) => train.labels[i]);
    accuracies.push(accuracyAt(p, y, 0.5));
    aucs.push(rocAuc(p, y));
    lines.push(`fold ${fold}: l2 ${l2}, accuracy ${accuracies[fold].toFixed(4)}, AUC ${aucs[fold].toFixed(4)}`);
  }
  const sd = (values: number[]) => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
  lines.push(
    `mean  accuracy ${mean(accuracies).toFixed(4)} ± ${sd(accuracies).toFixed(4)}, AUC ${mean(aucs).toFixed(4)} ± ${sd(aucs).toFixed(4)} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.stderr.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ model: name, nested: k, repeats, accuracy: mean(accuracies), auc: mean(aucs), accuracySd: sd(accuracies), aucSd: sd(aucs), n: train.labels.length })}\n`,
  );
}

function nestedCrossValidate(train: ChurnDataset, k: number, repeats: number, seed: number, fixed: TreeOptions): void {
  const started = performance.now();
  // The outer folds use another seed than the inner ones so the two assignments differ.
  const outer = stratifiedFolds(train.labels, k, seed + 1000);
  const lines = [
    `nested ${k}-fold CV (inner ${k}-fold × ${repeats}), seed ${seed}, ${train.labels.length} rows`,
    'fold  chosen(depth/leaf)  inner AUC   outer n  accuracy@0.5   AUC',
  ];
  const accuracies: number[] = [];
  const aucs: number[] = [];
  for (let fold = 0; fold < k; fold++) {
    const inner = outer.map((f) => f !== fold);
    const rows = train.rows.filter((_, i) => inner[i]);
    const labels = train.labels.filter((_, i) => inner[i]);
    const { chosen } = gridSearch(rows, labels, k, repeats, seed, fixed);
    const model = trainTree(rows, labels, { ...fixed, maxDepth: chosen.maxDepth, minLeaf: chosen.minLeaf });
    const held = outer.flatMap((f, i) => (f === fold ? [i] : []));
    const p = held.map((i) => predictTree(model, train.rows[i]).probability);
    const y = held.map((i) => train.labels[i]);
    accuracies.push(accuracyAt(p, y, 0.5));
    aucs.push(rocAuc(p, y));
    lines.push(
      `${String(fold).padStart(4)}  ${`${chosen.maxDepth}/${chosen.minLeaf}`.padStart(18)}  ${chosen.auc.toFixed(4)}  ${String(held.length).padStart(8)}  ${accuracies[fold].toFixed(4).padStart(12)}  ${aucs[fold].toFixed(4)}`,
    );
  }
  const sd = (values: number[]) => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
  lines.push(
    `mean  accuracy ${mean(accuracies).toFixed(4)} ± ${sd(accuracies).toFixed(4)}, AUC ${mean(aucs).toFixed(4)} ± ${sd(aucs).toFixed(4)} ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  process.stderr.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ nested: k, repeats, accuracy: mean(accuracies), auc: mean(aucs), n: train.labels.length })}\n`,
  );
}

function writeSplit(train: ChurnDataset, directory: string, seed: number): void {
  // Fold 0 of a seeded stratified 5-fold assignment is the 20 % test part.
  const fold = stratifiedFolds(train.labels, 5, seed);
  const quote = (record: string[]) => record.map((cell) => !isMissingCell(cell) && !numberPattern.test(cell.trim()));
  const write = (name: string, part: string[][]) => {
    const file = join(directory, name);
    const text = [
      formatCsvRecord(
        train.header,
        train.header.map(() => true),
      ),
      ...part.map((r) => formatCsvRecord(r, quote(r))),
    ].join('\n');
    writeFileSync(file, `${text}\n`);
    return file;
  };
  mkdirSync(directory, { recursive: true });
  const trainPart = train.records.filter((_, i) => fold[i] !== 0);
  const testPart = train.records.filter((_, i) => fold[i] === 0);
  const trainFile = write('train.csv', trainPart);
  const testFile = write('test.csv', testPart);
  warn(
    `wrote ${trainPart.length} rows to ${trainFile} and ${testPart.length} rows to ${testFile} (stratified, seed ${seed})`,
  );
  process.stdout.write(
    `${JSON.stringify({ train: trainFile, test: testFile, trainRows: trainPart.length, testRows: testPart.length, seed })}\n`,
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

function integerOption(values: Record<string, unknown>, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

function numberOption(values: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function treeOptions(values: Record<string, unknown>, smoothing: number | undefined): TreeOptions {
  const criterion = values.criterion;
  if (criterion !== undefined && criterion !== 'gini' && criterion !== 'entropy') {
    throw new UsageError(`--criterion must be gini or entropy, got ${JSON.stringify(criterion)}`);
  }
  return {
    maxDepth: integerOption(values, 'max-depth', 0),
    minLeaf: integerOption(values, 'min-leaf', 1),
    minSplit: integerOption(values, 'min-split', 2),
    smoothing,
    criterion,
  };
}

export function main(argv: string[]): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        train: { type: 'string' },
        test: { type: 'string' },
        cv: { type: 'string' },
        repeats: { type: 'string' },
        seed: { type: 'string' },
        'write-split': { type: 'string' },
        'max-depth': { type: 'string' },
        'min-leaf': { type: 'string' },
        'min-split': { type: 'string' },
        smoothing: { type: 'string' },
        criterion: { type: 'string' },
        threshold: { type: 'string' },
        'print-tree': { type: 'boolean' },
        nested: { type: 'boolean' },
        model: { type: 'string' },
        l2: { type: 'string' },
        'time-rows': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stderr.write(`${usage}\n`);
    return;
  }
  if (typeof values.train !== 'string') throw new UsageError('--train FILE is required');
  const seed = integerOption(values, 'seed', 0) ?? 1;
  const smoothing = numberOption(values, 'smoothing', 0, 1000);
  const name = (values.model ?? 'tree') as ModelName;
  if (!models.includes(name)) throw new UsageError(`--model must be one of ${models.join(', ')}`);
  const l2 = numberOption(values, 'l2', 0, 1000);
  const modes = [
    values.test !== undefined,
    values.cv !== undefined,
    values['write-split'] !== undefined,
    values['time-rows'] !== undefined,
  ].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give exactly one of --test FILE, --cv K, --write-split DIR or --time-rows N');
  if (values['time-rows'] !== undefined) {
    const n = integerOption(values, 'time-rows', 10)!;
    timeTraining(readChurnCsv(values.train), n, seed, name, { ...treeOptions(values, smoothing), l2 });
    return;
  }
  if (values.cv !== undefined && name !== 'tree') {
    if (!values.nested) throw new UsageError('--cv with a --model other than tree needs --nested');
    nestedOther(
      readChurnCsv(values.train),
      integerOption(values, 'cv', 2)!,
      integerOption(values, 'repeats', 1) ?? 1,
      seed,
      name,
    );
    return;
  }

  if (values.cv !== undefined) {
    const k = integerOption(values, 'cv', 2)!;
    const repeats = integerOption(values, 'repeats', 1) ?? 1;
    (values.nested ? nestedCrossValidate : crossValidate)(
      readChurnCsv(values.train),
      k,
      repeats,
      seed,
      treeOptions(values, smoothing),
    );
    return;
  }
  if (typeof values['write-split'] === 'string') {
    writeSplit(readChurnCsv(values.train), values['write-split'], seed);
    return;
  }
  const options: TreeOptions = { ...treeOptions(values, smoothing), seed };
  const threshold = numberOption(values, 'threshold', 0, 1) ?? 0.5;
  const train = readChurnCsv(values.train);
  const test = readChurnCsv(values.test as string, train.kinds);
  evaluate(train, test, { ...options, l2 }, threshold, values['print-tree'] === true, name);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('eval-churn.ts')) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`eval-churn: ${error.message}\n${error instanceof InputError ? '' : `${usage}\n`}`);
      process.exit(2);
    }
    throw error;
  }
}
