// The options and result of exportRun (export-run.ts), shared by every kind of export (export-tagger.ts,
// export-kim.ts) so those files need not import export-run.ts.
import type { QuantizeOptions } from '../encoders/quantize.ts';
import type { ExportCheck } from './check.ts';
import type { ClassifierGraph } from './classifier-graph.ts';
import type { KimExportManifest, TaggerExportManifest } from './kind-manifests.ts';
import type { ExportManifest } from './manifest.ts';

export interface ExportRunOptions {
  /** The export folder (see the header). */
  out: string;
  /** Dynamic int8 quantization of every weight MatMul. */
  int8?: boolean;
  /** Replace export files already in `out`. */
  force?: boolean;
  /** Texts for the check (default SAMPLE_TEXTS). */
  samples?: readonly string[];
  quantize?: QuantizeOptions;
  /** Export a run whose training did not finish (src/runs/status.ts) instead of refusing it. */
  allowIncomplete?: boolean;
  onWarning?: (message: string) => void;
}

export interface ExportReport {
  out: string;
  /** Files written into `out`, model first. */
  files: string[];
  modelBytes: number;
  graph: Omit<ClassifierGraph, 'bytes'>;
  check: ExportCheck;
  manifest: ExportManifest | TaggerExportManifest | KimExportManifest;
}
