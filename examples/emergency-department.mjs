// A small emergency department written on tiersim's engine, in the generator (process) form.
//
// Patients arrive as a Poisson stream, see the triage nurse in turn, then queue for a doctor:
// urgent patients (class 0) ahead of the others (class 1). A share is admitted and waits for a
// bed; the rest go home. Run it with `node examples/emergency-department.mjs`.
import { makeDist, ProcessResource, Simulation, Streams, Tally } from 'tiersim/engine';

/** One replication; returns the mean waits (minutes) and how many patients went through. */
export function simulateEmergencyDepartment({ seed = 1, replication = 0, hours = 24 * 30 } = {}) {
  const sim = new Simulation();
  const streams = new Streams(seed, replication);
  const nextArrival = makeDist({ dist: 'exponential', mean: 6 }, streams.get('arrivals'));
  const triageTime = makeDist({ dist: 'exponential', mean: 4 }, streams.get('triage'));
  const consultTime = makeDist({ dist: 'lognormal', mean: 15, sd: 8 }, streams.get('consult'));
  const stayTime = makeDist({ dist: 'gamma', mean: 1440, sd: 720 }, streams.get('stay'));
  const pick = streams.get('pathway');

  const nurse = new ProcessResource(sim, { capacity: 1, name: 'triage' });
  const doctors = new ProcessResource(sim, { capacity: 3, classes: 2, name: 'doctors' });
  const beds = new ProcessResource(sim, { capacity: 30, name: 'beds' });
  const waitTriage = new Tally();
  const waitDoctor = [new Tally(), new Tally()];
  const waitBed = new Tally();
  let arrived = 0;
  let left = 0;

  function* patient() {
    arrived++;
    const urgent = pick() < 0.2 ? 0 : 1;
    const admitted = pick() < 0.1;
    waitTriage.add((yield nurse.request()).waited);
    yield triageTime.sample();
    nurse.release();
    waitDoctor[urgent].add((yield doctors.request(urgent)).waited);
    yield consultTime.sample();
    doctors.release(urgent);
    if (admitted) {
      waitBed.add((yield beds.request()).waited);
      yield stayTime.sample();
      beds.release();
    }
    left++;
  }

  sim.process((function* arrivals() {
    for (;;) {
      yield nextArrival.sample();
      sim.process(patient());
    }
  })());
  sim.run(hours * 60);

  return {
    arrived,
    left,
    inside: arrived - left,
    waitTriage: waitTriage.mean,
    waitDoctorUrgent: waitDoctor[0].mean,
    waitDoctorOther: waitDoctor[1].mean,
    waitBed: waitBed.mean,
    nurseBusy: nurse.resource.busy.mean(sim.now),
  };
}

// Run as a script: `node examples/emergency-department.mjs [replication ...]` prints one JSON line
// per replication (replication 0 when none is given).
if (import.meta.url === `file://${process.argv[1]}`) {
  const replications = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [0];
  for (const replication of replications) console.log(JSON.stringify(simulateEmergencyDepartment({ replication })));
}
