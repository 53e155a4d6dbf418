// What a Kim (2014) preset run is asked to do — the settings `bertcnn train --preset kim2014` builds from its flags
// (src/cli/kim-flags.ts) and the preset's job (job.ts) runs: data files and how to read them, the output folder,
// folds, seed, the variant and where its vectors come from, clean_str mode.
import type { TextReadOptions } from '../../data/read.ts';
import type { OovPolicy } from '../../encoders/static/bert-init.ts';
import type { VectorFormat } from '../../encoders/static/index.ts';
import type { CleanMode } from '../../tasks/kim/kim-run-config.ts';
import type { KimVariant, VectorScale } from '../../tasks/kim/paper.ts';

export interface KimSettings {
  train: string;
  dev?: string;
  test?: string;
  devSplit?: number;
  read: TextReadOptions;
  unknownLabel: 'error' | 'skip';
  out: string;
  folds?: number;
  seed: number;
  epochs?: number;
  variant: KimVariant;
  vectors: string;
  vectorFormat: VectorFormat;
  vectorScale: VectorScale;
  bertMatrix?: string;
  oov: OovPolicy;
  level: 'word' | 'wordpiece';
  combine: 'shared' | 'separate';
  cleanStr: CleanMode;
  /** --folds: keep the folds already saved in `out` (a run stopped by Ctrl-C) and train the rest. */
  resume?: boolean;
}
