// Next order: two simple linear regressions on a customer's order history — order number → date,
// and date → amount — with prediction intervals.
import { SimpleLinearRegression } from 'ml-regression-simple-linear';
import { mean, standardDeviation, studentTQuantile } from './stats.js';
import type { NextOrderForecast } from './types.js';

const day = 86_400_000;

/** The orders a forecast rests on (cancelled ones left out), oldest first. */
export interface OrderHistory {
  /** Epoch milliseconds. */
  times: number[];
  /** Totals in the customer's currency, minor units. */
  amounts: number[];
}

/** Fewer non-cancelled orders than this: "not enough history". */
export const minimumOrders = 3;
/** Two-sided coverage of the intervals. */
export const intervalLevel = 0.9;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Prediction {
  value: number;
  /** The fitted slope (0 for the intercept-only model). */
  slope: number;
  /** Half-width of the prediction interval. */
  margin: number;
}

/**
 * Ordinary least squares of y on x (ml-regression-simple-linear) and the prediction at `x0` with
 * its interval: ŷ ± t(1 − α/2, n − 2) · s · √(1 + 1/n + (x0 − x̄)² / Sxx), s the residual standard
 * error. When x does not vary, the intercept-only model: ȳ ± t(1 − α/2, n − 1) · sd · √(1 + 1/n).
 */
export function predictLinear(
  x: readonly number[],
  y: readonly number[],
  x0: number,
  level = intervalLevel,
): Prediction {
  const n = x.length;
  const p = 1 - (1 - level) / 2;
  const xMean = mean(x);
  const sxx = x.reduce((sum, value) => sum + (value - xMean) ** 2, 0);
  if (sxx === 0 || n < 3) {
    const sd = standardDeviation(y);
    return {
      value: mean(y),
      slope: 0,
      margin: n < 2 || sd === 0 ? 0 : studentTQuantile(p, n - 1) * sd * Math.sqrt(1 + 1 / n),
    };
  }
  const regression = new SimpleLinearRegression([...x], [...y]);
  const residuals = x.reduce((sum, value, i) => sum + (y[i]! - regression.predict(value)) ** 2, 0);
  const s = Math.sqrt(residuals / (n - 2));
  const margin = s === 0 ? 0 : studentTQuantile(p, n - 2) * s * Math.sqrt(1 + 1 / n + (x0 - xMean) ** 2 / sxx);
  return { value: regression.predict(x0), slope: regression.slope, margin };
}

/**
 * The next order's date and amount, from the non-cancelled orders.
 *
 * Date: regression of the order day on the order's number (1…n). Its slope is the fitted time
 * between orders; the next order is expected one slope after the last order (anchoring on the
 * last order rather than on the fitted line's value at n + 1 halves the error on the seeded
 * histories, see docs/insights.md). The interval is that day ± the regression's 90 % prediction
 * half-width at n + 1, never before the last order.
 *
 * Amount: regression of the amount on the order day, evaluated at the expected day, with its 90 %
 * prediction interval; never below zero. Fewer than three orders: no forecast.
 */
export function forecastNextOrder(history: OrderHistory, currency: string): NextOrderForecast {
  const n = history.times.length;
  if (n < minimumOrders) return { status: 'insufficient-history', basedOnOrders: n };
  const { dateMs, dateMarginMs, amount, amountMargin } = predictNextOrder(history);
  const last = history.times[n - 1]!;
  const money = (value: number) => ({ amount: Math.max(0, Math.round(value)), currency });
  return {
    status: 'forecast',
    expectedDate: isoDay(dateMs),
    dateInterval: { from: isoDay(Math.max(dateMs - dateMarginMs, last)), to: isoDay(dateMs + dateMarginMs) },
    amount: money(amount),
    amountInterval: { low: money(amount - amountMargin), high: money(amount + amountMargin) },
    basedOnOrders: n,
  };
}

/** The forecast's numbers before rounding (the evaluation scores these). Needs at least three orders. */
export function predictNextOrder(history: OrderHistory): {
  dateMs: number;
  dateMarginMs: number;
  amount: number;
  amountMargin: number;
} {
  const n = history.times.length;
  const days = history.times.map((t) => t / day);
  const last = days[n - 1]!;
  const date = predictLinear(
    days.map((_, i) => i + 1),
    days,
    n + 1,
  );
  const expected = last + Math.max(0, date.slope);
  const amount = predictLinear(days, history.amounts, expected);
  return { dateMs: expected * day, dateMarginMs: date.margin * day, amount: amount.value, amountMargin: amount.margin };
}
