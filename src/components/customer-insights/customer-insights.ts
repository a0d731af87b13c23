import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { ChurnRisk, CustomerInsights, SegmentKey } from '../../api/types.js';
import { CrmElement } from '../crm-element.js';
import { dateTimeFormat, formatDate, formatMoney, formatNumber, formatRelative } from '../../i18n/format.js';
import type { Strings } from '../../i18n/index.js';
import { customerInsightsStyles } from './customer-insights.styles.js';
import { placeholderInsights } from './placeholder.js';
import { mergeReasons } from './reasons.js';
import { segmentIcons, segmentKeys } from './segments.js';
import { customerInsightsEn } from '../../i18n/en-customer-insights.js';

type InsightStrings = Strings['customerInsights'];

/** A `YYYY-MM-DD` day at local midnight, so it shows as that day in every time zone; `undefined` if it is no date. */
function dayOf(text: string): Date | undefined {
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(year!, month! - 1, day);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Whether a `YYYY-MM-DD` day is before today. */
function isPast(text: string): boolean {
  const date = dayOf(text);
  return !!date && date < new Date(new Date().setHours(0, 0, 0, 0));
}

/** A label and its value in a description list. */
const row = (label: string, value: unknown) =>
  html`<div>
    <dt>${label}</dt>
    <dd>${value}</dd>
  </div>`;

/**
 * @tagname crm-customer-insights
 * @summary Shows what the CRM's analysis says about one customer: their segment, when they will likely order next, and how likely they are to stop.
 *
 * Id-driven (`customer-id`, loaded through the nearest `<crm-provider>` or `configure()`, and
 * loaded again a little after a live change of the customer's orders or contacts) or data-driven
 * (the `insights` property, no request).
 *
 * The segment (a k-means cluster on recency, frequency and money spent) shows as a badge with a
 * shape and its name, what the name means and how many customers share it, with the customer's
 * own figures (a name is only given when those figures meet its rule; else "No clear segment"). The next order (a linear regression on
 * the order history) shows its expected day and amount with their likely range, or — with fewer
 * than three orders — says there is not enough history instead of a number. The churn risk (a
 * model) shows its level as a meter with three bars and a word, the probability, and its reasons as
 * sentences, one per feature (two tests on one feature read as a range: "3–6 orders in the last year"). `compact` shows the segment badge, the churn level and
 * the expected day on one line, for cards and lists. Every text comes from the SDK's own strings:
 * the API's segment label is not shown.
 *
 * @csspart base - The wrapper.
 * @csspart title - The heading ("Customer insights").
 * @csspart updated - When the analysis ran ("Updated 3 hours ago").
 * @csspart stale - "As of 10:42", beside `updated`, while the insights shown are the ones kept on the device and not confirmed since (the full form only: a card around the compact form says it).
 * @csspart segment - The segment badge: a shape and the localised name, never colour alone.
 * @csspart segment-meaning - What the segment's name means, in one line (the rule the customer's figures meet).
 * @csspart segment-size - How many customers share the segment.
 * @csspart facts - The customer's figures the segment rests on (last order, orders in the last year, money spent).
 * @csspart forecast - The expected day and amount of the next order, each with its likely range.
 * @csspart based-on - How many orders the forecast rests on.
 * @csspart next-order - The expected day of the next order, in the compact form.
 * @csspart overdue - "Overdue", after an expected day that has passed.
 * @csspart churn - The churn-risk meter (`role="meter"`): three bars, the level and the probability.
 * @csspart churn-level - The churn-risk level as a word.
 * @csspart probability - The churn probability as a percentage.
 * @csspart reasons - The list of reasons for the churn risk; each is a `reason` part.
 * @csspart empty - A section's note when there is nothing to show (no orders, not enough history or customers).
 * @csspart message - A notice in place of the insights (missing id, not configured).
 * @csspart error - The inline error shown when loading fails.
 * @csspart retry - The button that loads again after an error.
 *
 * @cssprop [--crm-customer-insights-padding=var(--crm-space-m)] - Space inside the element (none when compact).
 * @cssprop [--crm-customer-insights-min-block-size=12rem] - Height kept while loading, so content does not jump (the target size when compact).
 *
 * @fires {CrmErrorEvent} crm-error - Loading the insights failed; `error` is the `CrmApiError`.
 * @fires {CrmAuthExpiredEvent} crm-auth-expired - The API refused a fresh token: the user must sign in again.
 */
export class CrmCustomerInsights extends CrmElement {
  /** Theme tokens and the element's own rules, as adopted stylesheets. */
  static override styles = customerInsightsStyles;
  protected static override englishStrings = { customerInsights: customerInsightsEn };

  /** The insights shown: the host's, or loaded for `customer-id`. */
  private readonly data = this.customerData<CustomerInsights>({
    customerId: () => this.customerId,
    given: () => this.insights,
    store: (crm, id) => crm.insightsFor(id),
    retry: (crm, id) => crm.reloadInsights(id),
  });

  /** The id of the customer whose insights to load (`c_1042`). */
  @property({ attribute: 'customer-id' }) customerId?: string;

  /** Insights the host already holds; when set, nothing is loaded. */
  @property({ attribute: false }) insights?: CustomerInsights;

  /** The segment badge, the churn level and the expected day of the next order only, on one line. */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** The loaded insights last rendered: a newer analysis replacing them is announced. */
  private shown: CustomerInsights | undefined;

  override updated(changed: PropertyValues): void {
    super.updated(changed);
    const data = this.data.state?.data;
    const shown = this.shown;
    if (data && shown && data.customerId === shown.customerId && data.computedAt !== shown.computedAt) {
      this.announce(this.strings.customerInsights.refreshed);
    }
    this.shown = data;
  }

  override render(): TemplateResult {
    const t = this.strings.customerInsights;
    return html`<div
      part="base"
      role="group"
      lang=${this.resolvedLocale}
      aria-busy=${this.data.busy}
      aria-label=${t.label}
    >
      ${this.data.render({
        pending: () => this.renderLoading(this.renderInsights(placeholderInsights, t), t.loading),
        complete: (data, error) => [this.renderInsights(data, t), error],
      })}
    </div>`;
  }

  private renderInsights(data: CustomerInsights, t: InsightStrings): TemplateResult {
    return this.compact ? this.renderCompact(data, t) : this.renderFull(data, t);
  }

  private renderFull(
    { segment, nextOrder: next, churnRisk: churn, computedAt }: CustomerInsights,
    t: InsightStrings,
  ): TemplateResult {
    const locale = this.resolvedLocale;
    // Money in a reason needs a currency: the segment's, else the forecast's; without either, a plain number.
    const currency = segment?.monetary.currency ?? (next.status === 'forecast' ? next.amount.currency : undefined);
    const section = (id: string, title: string, content: unknown) =>
      html`<section aria-labelledby=${id}>
        <h3 id=${id}>${title}</h3>
        ${content}
      </section>`;
    const empty = (text: string) => html`<p part="empty">${text}</p>`;
    // Line breaks go inside `${}`, where the minifier drops them, not into the template's text.
    return html`<div class="head">
        <h2 part="title">${t.label}</h2>
        <div class="when">
          <p part="updated">
            <time datetime=${computedAt} title=${formatDate(computedAt, locale)}
              >${t.updated(formatRelative(computedAt, locale))}</time
            >
          </p>
          ${this.renderStoredAt(this.data)}
        </div>
      </div>
      <div class="sections">
        ${section(
          'segment-title',
          t.segmentTitle,
          segment
            ? html`${this.renderSegment(segment.key, t)}
                <p part="segment-meaning">${t.segmentMeaning(segment.key)}</p>
                <p part="segment-size">${t.segmentSize(segment.size)}</p>
                <dl part="facts">
                  ${row(
                    t.lastOrder,
                    t.daysAgo(segment.recencyDays),
                  )}${row(t.ordersInYear, formatNumber(segment.frequency, locale))}${row(t.spent, formatMoney(segment.monetary, locale))}
                </dl>`
            : empty(t.noOrders),
        )}${section(
          'next-title',
          t.nextOrderTitle,
          next.status === 'forecast'
            ? html`<dl part="forecast">
                  ${row(
                    t.expected,
                    html`<time datetime=${next.expectedDate}>${this.day(next.expectedDate)}</time
                      >${this.renderOverdue(next.expectedDate, t)}<span class="range"
                        >${t.likely(this.days(next.dateInterval))}</span
                      >`,
                  )}${row(
                    t.amount,
                    html`${formatMoney(next.amount, locale)}<span class="range"
                        >${t.likely(
                          t.range(
                            formatMoney(next.amountInterval.low, locale),
                            formatMoney(next.amountInterval.high, locale),
                          ),
                        )}</span
                      >`,
                  )}
                </dl>
                <p part="based-on">${t.basedOn(next.basedOnOrders)}</p>`
            : empty(t.notEnoughHistory(next.basedOnOrders)),
        )}${section(
          'churn-title',
          t.churnTitle,
          churn
            ? html`${this.renderChurn(churn, t)}${
                churn.reasons.length
                  ? html`<ul part="reasons" aria-label=${t.reasons}>
                      ${mergeReasons(churn.reasons).map((reason) => {
                        // Every feature counts whole things (days, orders, contacts, minor units of money), so
                        // `> 90.5` reads as "more than 90" and `<= 2.5` as "2 or fewer".
                        const show = (amount: number) =>
                          reason.feature === 'monetary' && currency
                            ? formatMoney({ amount: Math.round(amount), currency }, locale)
                            : formatNumber(amount, locale);
                        return html`<li part="reason">
                          ${
                            reason.kind === 'range'
                              ? t.churnReasonRange(reason.feature, show(reason.low), show(reason.high), reason.high)
                              : t.churnReason(
                                  reason.feature,
                                  reason.op,
                                  show(reason.value),
                                  show(Math.floor(reason.threshold)),
                                  reason.value,
                                )
                          }
                        </li>`;
                      })}
                    </ul>`
                  : nothing
              }`
            : empty(t.noChurn),
        )}
      </div>`;
  }

  private renderCompact(
    { segment, nextOrder: next, churnRisk: churn }: CustomerInsights,
    t: InsightStrings,
  ): TemplateResult {
    return html`<div class="compact">
      ${segment ? this.renderSegment(segment.key, t) : html`<p part="empty">${t.noOrders}</p>`}${
        churn ? this.renderChurn(churn, t) : nothing
      }${next.status === 'forecast' ? html`<p part="next-order">${t.nextOrderOn(this.day(next.expectedDate))}${this.renderOverdue(next.expectedDate, t)}</p>` : nothing}
    </div>`;
  }

  private renderSegment(key: SegmentKey, t: InsightStrings): TemplateResult {
    return html`<p part="segment" class="segment-${key}">
      <span aria-hidden="true">${segmentIcons[segmentKeys.indexOf(key)] ?? ''}</span>${t.segment(key)}
    </p>`;
  }

  /** "Overdue" after an expected day that has passed (the analysis may be older than today). */
  private renderOverdue(day: string, t: InsightStrings): TemplateResult | typeof nothing {
    // The space is an expression: the build's minifier trims a template's leading whitespace.
    return isPast(day) ? html`${' '}<strong part="overdue">${t.overdue}</strong>` : nothing;
  }

  /** The level as three bars (one, two or all filled) and a word, and the probability; read out as one meter. */
  private renderChurn({ level, probability }: ChurnRisk, t: InsightStrings): TemplateResult {
    const percent = Math.round(probability * 100);
    const text = t.probability(`${formatNumber(percent, this.resolvedLocale)}%`);
    const risk = t.levelRisk(t.level(level));
    return html`<p
      part="churn"
      class="level-${level}"
      role="meter"
      aria-label=${t.churnTitle}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${percent}
      aria-valuetext=${t.meterText(risk, text)}
    >
      <span class="bars"><i></i><i></i><i></i></span
      ><strong part="churn-level">${this.compact ? risk : t.level(level)}</strong>${
        this.compact ? nothing : html`<span part="probability">${text}</span>`
      }
    </p>`;
  }

  /** A `YYYY-MM-DD` day in the element's locale, or as given when it is no date. */
  private day(text: string): string {
    const date = dayOf(text);
    return date ? dateTimeFormat(this.resolvedLocale, { dateStyle: 'medium' }).format(date) : text;
  }

  /** Two `YYYY-MM-DD` days as one range in the element's locale (`Dec 3 – 17, 2026`, `2026年12月3日至17日`). */
  private days({ from, to }: { from: string; to: string }): string {
    const [start, end] = [dayOf(from), dayOf(to)];
    return start && end
      ? dateTimeFormat(this.resolvedLocale, { dateStyle: 'medium' }).formatRange(
          Math.min(+start, +end),
          Math.max(+start, +end),
        )
      : this.strings.customerInsights.range(this.day(from), this.day(to));
  }
}
