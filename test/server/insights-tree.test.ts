import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  createRandomNumbers,
  predictTree,
  trainTree,
  type FeatureValue,
  type TreeModel,
} from '../../demo/server/insights/tree.js';
import { parseCsv } from '../eval/csv.js';
import { rocAuc, stratifiedFolds } from '../eval/metrics.js';

/** A noisy two-feature set: churn likelier for short tenure and the "monthly" plan. */
function noisyRows(count: number, seed: number) {
  const random = createRandomNumbers(seed);
  const rows: Record<string, FeatureValue>[] = [];
  const labels: (0 | 1)[] = [];
  for (let i = 0; i < count; i++) {
    const tenure = Math.floor(random() * 72);
    const plan = random() < 0.5 ? 'monthly' : 'yearly';
    const risk = (tenure < 12 ? 0.5 : 0.1) + (plan === 'monthly' ? 0.3 : 0);
    rows.push({ tenure, plan });
    labels.push(random() < risk ? 1 : 0);
  }
  return { rows, labels };
}

const rootOf = (model: TreeModel) => model.nodes[0];

describe('insights tree', () => {
  describe('training', () => {
    it('builds the same model from the same seed and a different sample from another seed', () => {
      const { rows, labels } = noisyRows(600, 5);
      const options = { maxRows: 300, minLeaf: 5, maxDepth: 4 };
      const a = trainTree(rows, labels, { ...options, seed: 1 });
      const b = trainTree(rows, labels, { ...options, seed: 1 });
      assert.deepEqual(a, b);
      assert.equal(a.trainingRows, 300);
      assert.equal(a.givenRows, 600);
      assert.notDeepEqual(trainTree(rows, labels, { ...options, seed: 2 }), a);
    });

    it('learns a perfectly separable set with the threshold between the classes', () => {
      const rows = Array.from({ length: 20 }, (_, i) => ({ x: i + 1 }));
      const labels = rows.map((r) => (r.x > 10 ? 1 : 0) as 0 | 1);
      const model = trainTree(rows, labels, { minLeaf: 1 });
      const root = rootOf(model);
      assert.equal(root.type, 'numeric');
      assert.equal(root.type === 'numeric' && root.threshold, 10.5);
      for (const row of rows) {
        const { probability } = predictTree(model, row);
        assert.equal(probability >= 0.5 ? 1 : 0, row.x > 10 ? 1 : 0, `x=${row.x} p=${probability}`);
      }
      assert.equal(model.nodes.length, 3);
    });

    it('splits a categorical feature into the category sets that separate the classes', () => {
      const colours = ['red', 'blue', 'green', 'blue', 'red', 'green'];
      const rows = Array.from({ length: 60 }, (_, i) => ({ colour: colours[i % colours.length] }));
      const labels = rows.map((r) => (r.colour === 'blue' ? 0 : 1) as 0 | 1);
      const model = trainTree(rows, labels, { minLeaf: 1 });
      const root = rootOf(model);
      assert.equal(model.features[0].kind, 'categorical');
      assert.deepEqual(model.features[0].categories, ['blue', 'green', 'red']);
      assert.ok(root.type === 'categorical');
      assert.deepEqual(root.leftCategories, ['blue']);
      assert.deepEqual(root.rightCategories, ['green', 'red']);
      const blue = predictTree(model, { colour: 'blue' });
      const red = predictTree(model, { colour: 'red' });
      assert.ok(blue.probability < 0.1 && red.probability > 0.9, `${blue.probability} ${red.probability}`);
      assert.deepEqual(blue.path, [{ feature: 'colour', op: 'in', threshold: ['blue'], value: 'blue' }]);
      assert.deepEqual(red.path, [{ feature: 'colour', op: 'notIn', threshold: ['blue'], value: 'red' }]);
    });

    it('treats a column with any string as categorical and an all-number column as numeric', () => {
      const model = trainTree(
        [
          { flag: 0, code: '7' },
          { flag: 1, code: 'A' },
          { flag: null, code: 3 },
        ],
        [0, 1, 0],
      );
      assert.deepEqual(
        model.features.map((f) => [f.name, f.kind, f.missing]),
        [
          ['flag', 'numeric', 1],
          ['code', 'categorical', 0],
        ],
      );
    });
  });

  describe('missing values', () => {
    // Missing tenure goes with the churners in training, so the split learns to send it there.
    const rows: Record<string, FeatureValue>[] = [];
    const labels: (0 | 1)[] = [];
    for (let i = 0; i < 40; i++) {
      rows.push({ tenure: i < 20 ? i : 40 + i, plan: i % 2 ? 'monthly' : 'yearly' });
      labels.push(i < 20 ? 1 : 0);
    }
    for (let i = 0; i < 10; i++) {
      rows.push({ tenure: null, plan: 'monthly' });
      labels.push(1);
    }
    const model = trainTree(rows, labels, { minLeaf: 5 });

    it('learns which side missing values go to and says so in the path', () => {
      const root = rootOf(model);
      assert.ok(root.type === 'numeric' && root.feature === 'tenure');
      assert.equal(root.missingLeft, true);
      const prediction = predictTree(model, { tenure: null, plan: 'yearly' });
      assert.ok(prediction.probability > 0.9, String(prediction.probability));
      assert.deepEqual(prediction.path[0], {
        feature: 'tenure',
        op: 'missing',
        threshold: root.threshold,
        value: null,
        routedAs: 'lte',
      });
    });

    it('does not throw for an absent key, NaN, an unreadable string or an unseen category', () => {
      for (const row of [
        {},
        { tenure: Number.NaN },
        { tenure: 'soon' },
        { tenure: 70, plan: 'weekly' },
        { tenure: '3' },
      ] as Record<string, FeatureValue>[]) {
        const { probability, path } = predictTree(model, row);
        assert.ok(probability > 0 && probability < 1, JSON.stringify(row));
        assert.ok(path.length >= 1);
      }
      assert.equal(predictTree(model, { tenure: '3' }).path[0].op, 'lte');
      assert.equal(predictTree(model, { tenure: 'soon' }).path[0].value, 'soon');
    });

    it('sends missing values with the larger child when training had none at that split', () => {
      const complete = trainTree(
        Array.from({ length: 30 }, (_, i) => ({ x: i })),
        Array.from({ length: 30 }, (_, i) => (i < 10 ? 1 : 0) as 0 | 1),
        { minLeaf: 1 },
      );
      const root = rootOf(complete);
      assert.ok(root.type === 'numeric');
      assert.equal(root.threshold, 9.5);
      assert.equal(root.missingLeft, false);
      assert.equal(predictTree(complete, { x: null }).path[0].routedAs, 'gt');
    });
  });

  describe('edge cases and probabilities', () => {
    it('keeps a single leaf with the base rate when all rows are identical', () => {
      const rows = Array.from({ length: 10 }, () => ({ tenure: 5, plan: 'monthly' }));
      const labels = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0] as (0 | 1)[];
      const model = trainTree(rows, labels, { minLeaf: 1 });
      assert.equal(model.nodes.length, 1);
      assert.equal(model.prior, 0.3);
      const prediction = predictTree(model, rows[0]);
      assert.equal(prediction.probability, 0.3);
      assert.deepEqual(prediction.path, []);
      assert.deepEqual(prediction.leaf, { n: 10, positives: 3 });
    });

    it('trains on one row', () => {
      const model = trainTree([{ tenure: 1 }], [1]);
      assert.equal(model.nodes.length, 1);
      assert.equal(predictTree(model, { tenure: 50 }).probability, 1);
    });

    it('smooths leaf probabilities toward the base rate', () => {
      // Three positives alone in a leaf must not read as 100 %.
      const rows = Array.from({ length: 12 }, (_, i) => ({ x: i }));
      const labels = rows.map((r) => (r.x >= 9 ? 1 : 0) as 0 | 1);
      const model = trainTree(rows, labels, { minLeaf: 3 });
      const high = predictTree(model, { x: 11 });
      assert.deepEqual(high.leaf, { n: 3, positives: 3 });
      assert.equal(high.probability, (3 + 2 * 0.25) / (3 + 2));
      assert.ok(predictTree(model, { x: 0 }).probability > 0);
      const unsmoothed = trainTree(rows, labels, { minLeaf: 3, smoothing: 0 });
      assert.equal(predictTree(unsmoothed, { x: 11 }).probability, 1);
    });

    it('respects minLeaf and maxDepth', () => {
      const { rows, labels } = noisyRows(800, 3);
      const model = trainTree(rows, labels, { minLeaf: 50, maxDepth: 2 });
      const depth = (id: number): number => {
        const node = model.nodes[id];
        return node.type === 'leaf' ? 0 : 1 + Math.max(depth(node.left), depth(node.right));
      };
      assert.ok(model.nodes.every((node) => node.n >= 50));
      assert.equal(depth(0), 2);
    });
  });

  describe('model as JSON', () => {
    it('round-trips through JSON.stringify/parse and predicts the same', () => {
      const { rows, labels } = noisyRows(400, 11);
      rows[0] = { tenure: null, plan: 'monthly' };
      const model = trainTree(rows, labels, { minLeaf: 10 });
      const copy = JSON.parse(JSON.stringify(model)) as TreeModel;
      assert.deepEqual(copy, model);
      for (const row of [...rows.slice(0, 50), { tenure: null, plan: null }, { plan: 'quarterly' }]) {
        assert.deepEqual(predictTree(copy, row), predictTree(model, row));
      }
    });

    it('rejects something that is not a model', () => {
      assert.throws(() => predictTree({} as TreeModel, {}), TypeError);
    });

    it('gives path thresholds in the feature’s own units', () => {
      // Revenue in thousands: the threshold sits halfway between 2,000 and 2,400, not on a standardised scale.
      const rows = [1000, 1500, 2000, 2400, 2600, 3000].map((revenue) => ({ revenue }));
      const labels = [0, 0, 0, 1, 1, 1] as (0 | 1)[];
      const model = trainTree(rows, labels, { minLeaf: 1 });
      const { path } = predictTree(model, { revenue: 2600 });
      assert.deepEqual(path, [{ feature: 'revenue', op: 'gt', threshold: 2200, value: 2600 }]);
      assert.equal(predictTree(model, { revenue: 2150 }).path[0].op, 'lte');
      const fractional = trainTree(
        [0.12, 0.13, 0.31, 0.35].map((rate) => ({ rate })),
        [0, 0, 1, 1],
        { minLeaf: 1 },
      );
      assert.equal(predictTree(fractional, { rate: 0.1 }).path[0].threshold, 0.2);
    });
  });

  describe('evaluation helpers', () => {
    it('computes ROC AUC by ranks, with ties counting one half', () => {
      assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
      assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
      assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
      // Pairs (pos, neg): (0.35,0.1) win, (0.35,0.4) loss, (0.8,·) two wins → 3 of 4.
      assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
      // A tie between one positive and one negative counts 0.5: (0.5 vs 0.5) + (0.5 vs 0.2) = 1.5 of 2.
      assert.equal(rocAuc([0.2, 0.5, 0.5], [0, 0, 1]), 0.75);
      assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [1, 1])));
    });

    it('deals stratified folds of near-equal size and class balance', () => {
      const labels = Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0) as 0 | 1);
      const folds = stratifiedFolds(labels, 5, 1);
      assert.deepEqual(folds, stratifiedFolds(labels, 5, 1));
      for (let f = 0; f < 5; f++) {
        const members = folds.flatMap((fold, i) => (fold === f ? [labels[i]] : []));
        assert.ok(members.length === 20 || members.length === 21, String(members.length));
        const positives = members.filter((l) => l === 1).length;
        assert.ok(positives === 5 || positives === 6, String(positives));
      }
    });

    it('parses quoted CSV fields with commas, quotes and line breaks', () => {
      assert.deepEqual(parseCsv('\ufeffa,b\r\n"x,1","say ""hi"""\n"",\n"two\nlines",2\n'), [
        ['a', 'b'],
        ['x,1', 'say "hi"'],
        ['', ''],
        ['two\nlines', '2'],
      ]);
    });
  });

  describe('eval:churn command', () => {
    const directory = mkdtempSync(join(tmpdir(), 'eval-churn-'));
    after(() => rmSync(directory, { recursive: true, force: true }));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'test/eval/eval-churn.ts', ...args], { encoding: 'utf8' });

    // 61 customers: churners have short tenure and monthly contracts; one tenure is NA.
    const lines = ['"churn","tenure","contract"'];
    for (let i = 0; i < 60; i++)
      lines.push(
        `"${i % 3 === 0 ? 'Yes' : 'No'}",${i % 3 === 0 ? i % 10 : 20 + i},"${i % 3 === 0 ? 'Month-to-month' : 'Two year'}"`,
      );
    lines.push('"No",NA,"Two year"');
    writeFileSync(join(directory, 'train.csv'), lines.join('\n'));

    it('prints one JSON line with accuracy, AUC and n', () => {
      const result = run(
        '--train',
        join(directory, 'train.csv'),
        '--test',
        join(directory, 'train.csv'),
        '--min-leaf',
        '5',
      );
      assert.equal(result.status, 0, result.stderr);
      const out = result.stdout.trim().split('\n');
      assert.equal(out.length, 1);
      assert.deepEqual(JSON.parse(out[0]), { accuracy: 1, auc: 1, n: 61 });
    });

    it('cross-validates a narrowed grid and reports the chosen setting on one line', () => {
      const result = run('--train', join(directory, 'train.csv'), '--cv', '3', '--max-depth', '2', '--min-leaf', '5');
      assert.equal(result.status, 0, result.stderr);
      const chosen = JSON.parse(result.stdout);
      assert.deepEqual([chosen.cv, chosen.maxDepth, chosen.minLeaf, chosen.auc], [3, 2, 5, 1]);
      assert.match(result.stderr, /3-fold stratified CV/);
    });

    it('exits with code 2 and a message for a missing file, no churn column or bad arguments', () => {
      writeFileSync(join(directory, 'nochurn.csv'), 'a,b\n1,2\n');
      const cases: [string[], RegExp][] = [
        [
          ['--train', join(directory, 'absent.csv'), '--test', join(directory, 'absent.csv')],
          /absent\.csv: no such file/,
        ],
        [['--train', join(directory, 'nochurn.csv'), '--test', join(directory, 'nochurn.csv')], /no "churn" column/],
        [['--train', join(directory, 'nochurn.csv')], /exactly one of/],
        [['--train', join(directory, 'nochurn.csv'), '--cv', 'x'], /--cv must be an integer/],
        [['--bogus'], /Unknown option/],
      ];
      for (const [args, message] of cases) {
        const result = run(...args);
        assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.match(result.stderr, message);
        assert.equal(result.stdout, '');
      }
    });
  });
});
