/**
 * The daily series of a replication (timeseries.csv), per tier: bed occupancy and outpatient
 * queue (time-weighted over the day), and the mean wait, consultations and follow-up visits of
 * the consultations started that day; read by `tiersim warmup` and the report's charts. The
 * day's sums cost three additions per consultation and allocate nothing per event.
 */
import { TIERS } from '../params/fields.js';
import { MINUTES_PER_DAY } from './constants.js';
import type { FacilityStats, SeriesRow } from './metrics.js';

export class DailySeries {
  readonly series: SeriesRow[] = [];
  private prevBed = new Float64Array(4);
  private prevQueue = new Float64Array(4);
  /** The current day's consultations per tier: summed waits, consultations and follow-up visits (cleared by `sample`, not by `reset`). */
  private dayWait = new Float64Array(4);
  private dayVisits = new Float64Array(4);
  private dayFollowUps = new Float64Array(4);

  /** End of the warm-up: the facilities' integrals start again from zero, and so do the differences taken of them. */
  reset(): void {
    this.prevBed.fill(0);
    this.prevQueue.fill(0);
  }

  /** A consultation starts at the tier after `wait` minutes. */
  consult(tier: number, wait: number, followUp: boolean): void {
    this.dayWait[tier] += wait;
    this.dayVisits[tier]++;
    if (followUp) this.dayFollowUps[tier]++;
  }

  /**
   * Daily sample at the end of day `day`, per tier over that day: mean bed occupancy and
   * outpatient queue (time-weighted), mean wait of the consultations started (`wait_consult`,
   * absent on a day without any), consultations (`visits`) and follow-up visits among them.
   */
  sample(day: number, now: number, fac: readonly FacilityStats[]): void {
    const bed = new Float64Array(4);
    const beds = new Float64Array(4);
    const queue = new Float64Array(4);
    const has = new Uint8Array(4);
    for (const f of fac) {
      has[f.tier] = 1;
      if (f.ward !== null && f.beds > 0) { bed[f.tier] += f.ward.busy.integral(now); beds[f.tier] += f.beds; }
      queue[f.tier] += f.outpatient.queue.integral(now);
    }
    for (let t = 0; t < 4; t++) {
      if (beds[t] > 0) this.series.push({ day, tier: TIERS[t], metric: 'bed_occupancy', value: (bed[t] - this.prevBed[t]) / (beds[t] * MINUTES_PER_DAY) });
      this.series.push({ day, tier: TIERS[t], metric: 'queue_consult', value: (queue[t] - this.prevQueue[t]) / MINUTES_PER_DAY });
      if (has[t]) {
        if (this.dayVisits[t] > 0) this.series.push({ day, tier: TIERS[t], metric: 'wait_consult', value: this.dayWait[t] / this.dayVisits[t] });
        this.series.push({ day, tier: TIERS[t], metric: 'visits', value: this.dayVisits[t] });
        this.series.push({ day, tier: TIERS[t], metric: 'follow_up_visits', value: this.dayFollowUps[t] });
      }
      this.prevBed[t] = bed[t];
      this.prevQueue[t] = queue[t];
    }
    this.dayWait.fill(0);
    this.dayVisits.fill(0);
    this.dayFollowUps.fill(0);
  }
}
