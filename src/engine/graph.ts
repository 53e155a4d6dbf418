// The graph builder: a list of ONNX nodes over symbolic values. Op functions (ops/*.ts) infer shapes and call
// `Graph.node`; autodiff (autodiff.ts) appends backward nodes to the same graph; onnx.ts serialises it.
// Module paths (`head.convs[1]`) are pushed with `Graph.scope` so every node and every error names its owner.
import { GraphError } from '../errors.ts';
import type { DType } from './dtype.ts';
import { formatShape, type Shape } from './shape.ts';
import type { HostTensor } from './tensor.ts';

export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: HostTensor };

export const attr = {
  int: (value: number): Attr => ({ kind: 'int', value }),
  float: (value: number): Attr => ({ kind: 'float', value }),
  ints: (value: number[]): Attr => ({ kind: 'ints', value }),
  floats: (value: number[]): Attr => ({ kind: 'floats', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  tensor: (value: HostTensor): Attr => ({ kind: 'tensor', value }),
};

/** A symbolic tensor inside one graph. */
export class Value {
  constructor(
    readonly graph: Graph,
    readonly name: string,
    readonly dtype: DType,
    readonly shape: Shape,
    readonly producer: GraphNode | null,
  ) {}

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `${this.name}: ${this.dtype}${formatShape(this.shape)}`;
  }
}

export interface GraphNode {
  readonly op: string;
  readonly domain: string;
  readonly name: string;
  /** Empty optional inputs are null (ONNX writes them as ''). */
  readonly inputs: readonly (Value | null)[];
  readonly outputs: Value[];
  readonly attrs: Readonly<Record<string, Attr>>;
  /** Module path that created the node, e.g. `head.convs[1]`; '' at top level. */
  readonly scope: string;
}

export interface OutputSpec {
  dtype: DType;
  shape: Shape;
}

export class Graph {
  readonly nodes: GraphNode[] = [];
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly initializers = new Map<string, HostTensor>();
  private readonly scopes: string[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  constructor(readonly name = 'bertcnn') {}

  /** Current module path, e.g. `encoder.layer.0.attention`. */
  get scopePath(): string {
    return this.scopes.at(-1) ?? '';
  }

  /**
   * Runs `fn` with `path` as the current module path (names nodes and errors). Modules pass their full dotted
   * name, so nesting does not repeat prefixes.
   */
  scope<T>(path: string, fn: () => T): T {
    this.scopes.push(path);
    try {
      return fn();
    } finally {
      this.scopes.pop();
    }
  }

  /** A graph input fed at run time. Names must be unique (parameters use their dotted names). */
  input(name: string, dtype: DType, shape: Shape): Value {
    this.claim(name);
    const v = new Value(this, name, dtype, shape, null);
    this.inputs.push(v);
    return v;
  }

  /** A constant stored in the model file (ONNX initializer). */
  constant(t: HostTensor, hint = 'const'): Value {
    const name = this.fresh(hint);
    this.initializers.set(name, t);
    return new Value(this, name, t.dtype, t.shape, null);
  }

  /** Marks values as graph outputs (in order). */
  output(...values: Value[]): Value[] {
    return values.map((v) => {
      if (v.graph !== this) throw new GraphError(`output ${v.name} belongs to another graph`);
      // ONNX output names must be unique and produced by a node: alias repeats, inputs and constants.
      const out = v.producer && !this.outputs.includes(v) ? v : this.node('Identity', [v], [v])[0]!;
      this.outputs.push(out);
      return out;
    });
  }

  /** Marks `v` as a graph output under a public name (e.g. 'logits'), via an Identity node. */
  namedOutput(v: Value, name: string): Value {
    this.claim(name);
    const node: GraphNode = {
      op: 'Identity',
      domain: '',
      name: `${name}_identity`,
      inputs: [v],
      outputs: [],
      attrs: {},
      scope: this.scopePath,
    };
    const out = new Value(this, name, v.dtype, v.shape, node);
    node.outputs.push(out);
    this.nodes.push(node);
    this.outputs.push(out);
    return out;
  }

  /** Appends one node. Op functions call this after validating inputs and inferring output shapes. */
  node(
    op: string,
    inputs: (Value | null)[],
    outs: OutputSpec[],
    attrs: Record<string, Attr> = {},
    domain = '',
  ): Value[] {
    for (const v of inputs) {
      if (v && v.graph !== this) throw this.error(op, `input ${v.name} belongs to another graph`, inputs);
    }
    const base = this.fresh(op);
    const outputs: Value[] = [];
    const node: GraphNode = { op, domain, name: base, inputs, outputs, attrs, scope: this.scopePath };
    outs.forEach((spec, i) => {
      const name = outs.length === 1 ? `${base}:out` : `${base}:out${i}`;
      this.claim(name);
      outputs.push(new Value(this, name, spec.dtype, spec.shape, node));
    });
    this.nodes.push(node);
    return outputs;
  }

  /** An error naming the op, the module path and the input shapes. */
  error(op: string, message: string, inputs: readonly (Value | null)[] = []): GraphError {
    const where = this.scopePath ? ` in ${this.scopePath}` : '';
    const shapes = inputs.map((v) => (v ? `${v.dtype}${formatShape(v.shape)}` : '∅')).join(', ');
    return new GraphError(`${op}${where}: ${message}${shapes ? ` (inputs: ${shapes})` : ''}`);
  }

  private fresh(hint: string): string {
    const prefix = this.scopePath ? `${this.scopePath}/` : '';
    let name: string;
    do {
      this.counter += 1;
      name = `${prefix}${hint}_${this.counter}`;
    } while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  private claim(name: string): void {
    if (this.used.has(name)) throw new GraphError(`duplicate value name '${name}'`);
    this.used.add(name);
  }
}
