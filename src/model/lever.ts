/**
 * Levers as plug-ins. A lever is an object with hooks the model calls at fixed points of a
 * patient's path and of its own construction; the model names no lever and knows nothing
 * of their parameters. A lever at zero strength is not created at all (its factory returns
 * null), so the model then runs exactly as without it.
 *
 * Hooks come in two kinds. Construction hooks run once per replication, before the first
 * event; what they decide is kept in the model's tables, so it costs nothing per event.
 * Path hooks run during the replication; the model keeps, per path hook, the array of the
 * levers that have it (`LeverHooks`), so a hook no lever uses costs one length test.
 *
 * Several levers may use the same hook: they are called in the order of the registry, each
 * seeing what the earlier ones decided.
 */
import type { FacilitySpec, Region } from './region.js';
import type { Facility } from './facilities.js';
import type { TieredModel } from './model.js';

/** Who makes first contact where (choice.ts): the shares a lever may change. */
export interface FirstContactRules {
  /** Share of residents signed with a family doctor (scenario: `choice.familyDoctor.coverage`). */
  signedCoverage: number;
  /** Share of signed residents bound to first contact with their family doctor: they choose only between the village clinic and the township centre. */
  boundShare: number;
}

export interface Lever {
  /** The lever's key under `policies:` (for messages and tests). */
  readonly key: string;

  // ------------------------------------------------------------ construction hooks

  /**
   * Once, before anything is built: may define event kinds of its own (`model.sim.defineKind`)
   * and keep per-replication state. Only `sim`, `scenario`, `region`, `metrics` and `horizon`
   * are ready.
   */
  attach?(model: TieredModel): void;
  /** Once: may change the first-contact rules of the residents (first-contact choice). */
  firstContact?(rules: FirstContactRules): void;
  /**
   * Per facility and patient class (PatientClass.*), once: the outpatient reimbursement rate of
   * a visit by a patient of that class; returns the rate (`rate` is the facility's own, or what
   * earlier levers made of it). Used for the patient's charges and for the first-contact
   * choice, which weighs the out-of-pocket cost of an unreferred (walk-in) visit.
   */
  outpatientReimbursement?(rate: number, facility: FacilitySpec, cls: number): number;
  /**
   * Per facility, once: whether referred patients queue ahead of walk-ins there (queue class
   * at a facility). Without any lever saying so, referred patients queue as walk-ins.
   */
  referredFirst?(facility: FacilitySpec): boolean;
  /**
   * Per facility and open weekday (0 = Monday), once, as its timetable is built: the number of
   * doctors on its outpatient line in every session of that weekday; returns a whole number
   * >= 0 (`doctors` is the facility's own, or what earlier levers made of it). The hours stay
   * the facility's own. Lets a lever move doctors between facilities on some weekdays.
   */
  outpatientDoctors?(facility: FacilitySpec, weekday: number, doctors: number): number;
  /**
   * Per facility, once every facility is built (facility construction): may reserve units of
   * its resources (`Resource.setReserved`), add a visiting clinic (`visitingClinic` and
   * `visitingSchedule`, attached to the simulation by the lever), or take charge of booking
   * referred patients' arrivals (`booking`).
   */
  facilityBuilt?(model: TieredModel, facility: Facility): void;
  /** Per facility, once after `facilityBuilt`: whether `sessionChange` is to be called when its sessions open and close. */
  watchesSessions?(facility: Facility): boolean;

  // ------------------------------------------------------------ path hooks

  /**
   * Emergency first contact: an emergency episode of patient p begins in village `village`,
   * and the ambulance is to take it to the village's facility of tier `tier` (the model's
   * default: the county hospital when it can treat the condition and see emergencies, else the
   * regional centre; or what earlier levers made of it). Returns the tier of the village's
   * facility the ambulance goes to instead (Tier.COUNTY or Tier.REGIONAL). The patient's
   * condition is set (`H_CONDITION`); nothing else of the patient may change.
   */
  emergencyFirstContact?(model: TieredModel, p: number, village: number, tier: number): number;
  /**
   * Outcome decision (capability): after patient p's consultation and tests at `facility`
   * (below the regional tier), the probability that the facility can treat its condition;
   * returns it (`capable` is the tier's, or what earlier levers made of it). The patient's own
   * draw for the tier is compared with it: below, treated here; otherwise referred up.
   */
  capability?(model: TieredModel, p: number, facility: Facility, capable: number): number;

  /**
   * Session open/close: a session of the facility's doctors opens (`open`) or closes at time
   * `t`, after their number has changed and before anyone waiting is seen. May change
   * reservations and schedule events of the lever's own kinds.
   */
  sessionChange?(model: TieredModel, facility: Facility, open: boolean, t: number): void;
  /**
   * Arrival time at a facility (booking): called for a referred, non-urgent patient setting out
   * for a facility whose `booking` is this lever, with the time `at` it would get there;
   * returns when it comes (a booked slot), not before `at`.
   */
  bookArrival?(model: TieredModel, facility: Facility, at: number): number;
  /**
   * Whether a test is needed (recognition): patient p needs test type `test` at the facility
   * where it now is, and has a result of that type from another facility, `age` minutes old.
   * Returns true to accept that result instead of repeating the test.
   */
  recognises?(model: TieredModel, p: number, test: number, age: number): boolean;
  /**
   * A test ends (result): patient p's test of type `test` at `facility` is done, its line
   * freed and the result's time and facility recorded (`PatientPool.testTime`, `testFacility`).
   * Returns true to take charge of the result's return: the lever then calls `onResult`
   * (diagnostics.ts) when the result is back, e.g. after a reading elsewhere, and the
   * facility's own turnaround is skipped. Otherwise the turnaround follows as usual.
   */
  testEnded?(model: TieredModel, p: number, facility: Facility, test: number): boolean;
  /**
   * Outcome, not capable: after its tests, `facility` finds it cannot treat patient p (the
   * capability draw failed) and is about to refer it up. Returns true to hold the referral:
   * the lever then owns the patient and later calls either `treatHere` (the facility treats
   * it after all, by the usual rules of its tier) or `referUp` (outpatient.ts). Otherwise the
   * referral goes ahead at once.
   */
  cannotTreat?(model: TieredModel, p: number, facility: Facility): boolean;
  /**
   * Admission: patient p's stay at `facility` starts and its condition has a recovery phase.
   * Returns true to split the stay: `acuteEnd` is then called at the end of the acute phase.
   */
  splitsStay?(model: TieredModel, p: number, facility: Facility): boolean;
  /**
   * End of the acute phase of a split stay at `facility`: may move patient p elsewhere for
   * the rest of the stay (freeing the bed here, taking one there, setting `H_FACILITY` and
   * `H_ARRIVE`); returns true if it did. Either way the discharge follows at the stay's end.
   */
  acuteEnd?(model: TieredModel, p: number, facility: Facility): boolean;
  /**
   * Admission to a full ward: patient p is to be admitted at `facility` (a facility with beds;
   * `H_FACILITY` is set and the request counted there), whose ward cannot give it a bed now, so
   * that the request would queue or be blocked. Called before the request is made. May place
   * the patient in a bed of another facility: it then takes that bed, sets `H_FACILITY` and the
   * travel, and starts the stay there (`startStay`) when the patient arrives, by an event of its
   * own kind (counted by its `census`). Returns true if it did; the model then does nothing
   * more with this admission. Returns false to let the request queue or be blocked as usual.
   */
  wardFull?(model: TieredModel, p: number, facility: Facility): boolean;
  /**
   * Follow-up venue: where chronic patient p's next follow-up visit is, given `venue`, the
   * facility of its definitive treatment (or what earlier levers made of it). Returns a
   * facility index. Called when the visit is planned and again when the patient sets out.
   */
  followUpVenue?(model: TieredModel, p: number, venue: number): number;

  // ------------------------------------------------------------ end of the run

  /**
   * End-of-run census: the patients the lever holds where the model's own census does not look
   * (in events of the lever's own kinds or in queues of its own), counted independently of the
   * patient pool. Called once, when the run ends.
   */
  census?(model: TieredModel): number;
}

/**
 * Makes a lever for one replication from the scenario's `policies:` (validated) and the
 * region, or null when the scenario has it at zero strength.
 */
export interface LeverFactory {
  readonly key: string;
  create(policies: Readonly<Record<string, unknown>>, region: Region): Lever | null;
}

/** The model's levers, and per path hook the levers that have it, in registry order. */
export class LeverHooks {
  readonly all: readonly Lever[];
  readonly emergencyFirstContact: readonly Lever[];
  readonly sessionChange: readonly Lever[];
  readonly capability: readonly Lever[];
  readonly recognises: readonly Lever[];
  readonly testEnded: readonly Lever[];
  readonly cannotTreat: readonly Lever[];
  readonly splitsStay: readonly Lever[];
  readonly acuteEnd: readonly Lever[];
  readonly followUpVenue: readonly Lever[];
  readonly wardFull: readonly Lever[];

  constructor(levers: readonly Lever[]) {
    this.all = levers;
    this.emergencyFirstContact = levers.filter((l) => l.emergencyFirstContact !== undefined);
    this.sessionChange = levers.filter((l) => l.sessionChange !== undefined);
    this.capability = levers.filter((l) => l.capability !== undefined);
    this.recognises = levers.filter((l) => l.recognises !== undefined);
    this.testEnded = levers.filter((l) => l.testEnded !== undefined);
    this.cannotTreat = levers.filter((l) => l.cannotTreat !== undefined);
    this.splitsStay = levers.filter((l) => l.splitsStay !== undefined);
    this.acuteEnd = levers.filter((l) => l.acuteEnd !== undefined);
    this.followUpVenue = levers.filter((l) => l.followUpVenue !== undefined);
    this.wardFull = levers.filter((l) => l.wardFull !== undefined);
  }
}
