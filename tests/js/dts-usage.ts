// Type-checked against wasm/backprop.d.ts by `tsc --noEmit` (scripts/lint.sh; never run): the README's
// calls and the API's main paths must type-check as written, and each @ts-expect-error line must stay an
// error, so declarations that grow too loose fail the check as well as ones that grow too strict.
import createBackprop from '../../wasm/backprop.js';
import type { BackpropModule, EpochRecord, History, Network, OptimizerState, Trajectory } from '../../wasm/backprop.js';

export async function usage(): Promise<number> {
  const bp: BackpropModule = await createBackprop();
  const net: Network = new bp.Network({ sizes: [4, 6, 4, 3], hidden: 'relu', output: 'softmax', seed: 42 });
  const iris = new bp.Dataset({ name: 'iris', validationFraction: 0.2 });
  net.setOptimizer({ type: 'adam', lr: 0.01 });
  const trainer = new bp.Trainer(net, iris, { batchSize: 16 });
  trainer.run(200);
  const history: History = trainer.history();
  const last: number | null | undefined = history.validationAccuracy?.at(-1);
  const W1: Float64Array = net.weights(1);
  const yHat: Float64Array = net.forward(iris.validationX().slice(0, 4), 1);
  const classes: Int32Array = net.classify(iris.validationX(), iris.info().nValidation);
  const record: EpochRecord = trainer.runEpoch();
  const state: OptimizerState = net.optimizerState(1);
  const grid: Float32Array = net.neuronGrid({ resolution: 10 });
  const again: Network = bp.Network.fromJSON(net.toJSON());
  const path: Trajectory = bp.trajectory('bowl', { optimizer: { type: 'momentum', lr: 0.1 }, steps: 10 });
  const fit = bp.linearRegression([0, 1, 2], [1, 3, 5]);
  const names: string[] = bp.datasetNames();
  const { a, derivative } = bp.activation('tanh', [0, 1]);

  // @ts-expect-error: sizes is required
  new bp.Network({ hidden: 'relu' });
  // @ts-expect-error: not an activation
  new bp.Network({ sizes: [2, 1], hidden: 'swish' });
  // @ts-expect-error: forward takes the number of examples
  net.forward(W1);
  // @ts-expect-error: not an optimizer
  net.setOptimizer({ type: 'nesterov' });
  // @ts-expect-error: not a surface
  bp.surface('himmelblau');

  for (const o of [trainer, iris, net, again]) o.delete();
  return (
    (last ?? 0) +
    yHat[0] +
    classes[0] +
    record.epoch +
    state.t +
    grid[0] +
    path.x[0] +
    fit.w1 +
    names.length +
    a[0] +
    derivative[0]
  );
}
