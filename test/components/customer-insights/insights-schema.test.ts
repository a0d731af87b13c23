// The answer of GET /v1/customers/{id}/insights, checked at the boundary: what passes and, for what
// does not, the field the CrmApiError names.
import { expect } from '@open-wc/testing';
import { insightsSchema } from '../../../src/api/schemas.js';
import { safeParse } from '../../../src/api/validate.js';
import { emptyInsights, sampleInsights } from './insights.js';

const copy = () => JSON.parse(JSON.stringify(sampleInsights)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const issue = (value: unknown) => {
  const result = safeParse(insightsSchema, value);
  return result.success ? undefined : result.issue.path;
};

describe('insightsSchema', () => {
  it('accepts a full answer and one without segment, forecast or churn risk, dropping unknown fields', () => {
    expect(safeParse(insightsSchema, { ...sampleInsights, extra: 1 })).to.deep.equal({
      success: true,
      output: sampleInsights,
    });
    expect(safeParse(insightsSchema, emptyInsights)).to.deep.equal({ success: true, output: emptyInsights });
  });

  it('accepts a churn feature it does not know (a newer server): the element shows it by name', () => {
    const answer = copy();
    answer.churnRisk.reasons[0].feature = 'loyaltyPoints';
    expect(issue(answer)).to.equal(undefined);
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const broken: [string, (answer: Record<string, any>) => void][] = [
    ['nextOrder.status', (answer) => (answer.nextOrder.status = 'guess')],
    ['nextOrder.amountInterval', (answer) => delete answer.nextOrder.amountInterval],
    ['nextOrder.expectedDate', (answer) => (answer.nextOrder.expectedDate = '10/12/2026')],
    ['nextOrder.dateInterval.to', (answer) => (answer.nextOrder.dateInterval.to = null)],
    ['nextOrder.basedOnOrders', (answer) => (answer.nextOrder = { status: 'insufficient-history', basedOnOrders: -1 })],
    ['churnRisk.probability', (answer) => (answer.churnRisk.probability = 1.5)],
    ['churnRisk.level', (answer) => (answer.churnRisk.level = 'extreme')],
    ['churnRisk.reasons.1.op', (answer) => (answer.churnRisk.reasons[1].op = 'lt')],
    ['churnRisk.reasons.0.threshold', (answer) => (answer.churnRisk.reasons[0].threshold = '90')],
    ['segment.key', (answer) => (answer.segment.key = 'vip')],
    ['segment.size', (answer) => (answer.segment.size = 0)],
    ['segment.monetary.currency', (answer) => (answer.segment.monetary.currency = 'yuan')],
    ['segment.label.zh-CN', (answer) => delete answer.segment.label['zh-CN']],
    ['computedAt', (answer) => (answer.computedAt = 'yesterday')],
    ['customerId', (answer) => delete answer.customerId],
  ];
  for (const [field, breakIt] of broken) {
    it(`refuses a bad ${field}`, () => {
      const answer = copy();
      breakIt(answer);
      expect(issue(answer)).to.equal(field);
    });
  }
});
