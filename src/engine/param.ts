// A named, trainable (or frozen) float32 tensor owned by the host. Names mirror Hugging Face weight paths
// (`bert.encoder.layer.3.attention.self.query.weight`) so checkpoints load without a mapping table.

export interface Param {
  /** Dotted path, e.g. `head.convs.1.weight`. Unique within a model. */
  readonly name: string;
  /** Concrete shape, e.g. [100, 768, 3] for a Conv1d weight. */
  readonly shape: readonly number[];
  /** Row-major values; optimizers update it in place. */
  data: Float32Array;
  /** false = frozen: fed to graphs as a constant input, never updated. */
  trainable: boolean;
  /** Optimizer parameter group (own learning rate / weight decay), e.g. `encoder.lower`. */
  group?: string;
  /** Exempt from weight decay (biases, LayerNorm/BatchNorm scales), as Hugging Face's trainers do. */
  noDecay?: boolean;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
