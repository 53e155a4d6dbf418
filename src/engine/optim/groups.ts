// Builds optimizer parameter groups from each Param's `group` tag (e.g. a smaller lr for `encoder.lower`,
// the head at the base lr). Params without a tag, or whose tag has no settings, go to the "default" group.

import { UsageError } from '../../errors.ts';
import type { Param } from '../param.ts';
import type { ParamGroup } from './optimizer.ts';

export interface GroupSettings {
  lr?: number;
  weightDecay?: number;
}

/** Groups in first-seen order; unknown settings keys (a tag no param has) are a usage error. */
export function paramGroups(params: readonly Param[], settings: Record<string, GroupSettings> = {}): ParamGroup[] {
  const groups = new Map<string, ParamGroup>();
  for (const p of params) {
    const tag = p.group !== undefined && p.group in settings ? p.group : 'default';
    let g = groups.get(tag);
    if (!g) {
      g = { name: tag, params: [], ...(tag === 'default' ? settings['default'] : settings[tag]) };
      groups.set(tag, g);
    }
    g.params.push(p);
  }
  const unused = Object.keys(settings).filter((k) => k !== 'default' && !groups.has(k));
  if (unused.length)
    throw new UsageError(`optimizer groups: no parameter has group ${unused.map((k) => JSON.stringify(k)).join(', ')}`);
  return [...groups.values()];
}
