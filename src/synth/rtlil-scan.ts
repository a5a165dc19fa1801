import { moduleKey } from './names.ts';

/** A memory cell (`$mem_v2`) found in the coarse checkpoint, before any is mapped to flip-flops. */
export interface RtlilMemory {
  module: string;
  name: string;
  width: number;
  words: number;
  /** Every read port is clocked (as an SRAM macro's is). */
  syncRead: boolean;
  attributes: Record<string, string>;
  src?: string;
}

/** A child instance: the instantiating module, the instance name and the child module. */
export interface RtlilInstance {
  parent: string;
  name: string;
  module: string;
}

export interface RtlilScan {
  modules: string[];
  memories: RtlilMemory[];
  instances: RtlilInstance[];
}

/**
 * Reads what the flow needs from an RTLIL text dump (`write_rtlil`): module names, memory cells with
 * their width, depth and attributes, and child instances. A line scanner, not a full RTLIL parser: it
 * relies on `write_rtlil`'s fixed layout (one statement per line, attributes right before their object).
 */
export function scanRtlil(text: string): RtlilScan {
  const modules: string[] = [];
  const memories: RtlilMemory[] = [];
  const rawInstances: { parent: string; name: string; type: string }[] = [];
  let module = '';
  let pendingAttrs: Record<string, string> = {};
  let memory: RtlilMemory | undefined;

  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('attribute ')) {
      const m = /^attribute (\S+) (.*)$/.exec(line);
      if (m) pendingAttrs[moduleKey(m[1]!)] = unquote(m[2]!);
      continue;
    }
    const attrs = pendingAttrs;
    pendingAttrs = {};
    let m: RegExpExecArray | null;
    if ((m = /^module (\S+)$/.exec(line))) {
      module = moduleKey(m[1]!);
      modules.push(module);
    } else if ((m = /^cell \$mem_v2 (\S+)$/.exec(line))) {
      memory = { module, name: moduleKey(m[1]!), width: 0, words: 0, syncRead: true, attributes: attrs, src: attrs['src'] };
    } else if ((m = /^cell (\S+) (\S+)$/.exec(line))) {
      if (!m[1]!.startsWith('$_') && !isBuiltinCell(m[1]!)) {
        rawInstances.push({ parent: module, name: moduleKey(m[2]!), type: moduleKey(m[1]!) });
      }
    } else if (memory && (m = /^parameter \\(WIDTH|SIZE) (\S+)$/.exec(line))) {
      const value = parseConst(m[2]!);
      if (m[1] === 'WIDTH') memory.width = value;
      else memory.words = value;
    } else if (memory && (m = /^parameter \\RD_CLK_ENABLE (\S+)$/.exec(line))) {
      // One bit per read port (`1'1`, `2'10`), or a plain decimal.
      const bits = /^\d+'([01xz]+)$/.exec(m[1]!)?.[1] ?? (Number(m[1]) === 0 ? '0' : '1');
      memory.syncRead = !bits.includes('0');
    } else if (memory && line === 'end') {
      memories.push(memory);
      memory = undefined;
    }
  }
  const known = new Set(modules);
  const instances = rawInstances
    .filter((i) => known.has(i.type))
    .map((i) => ({ parent: i.parent, name: i.name, module: i.type }));
  return { modules, memories, instances };
}

/** Word-level Yosys cells (`$add`, `$mem_v2`, `$paramod...` is a module, not a builtin). */
function isBuiltinCell(type: string): boolean {
  return type.startsWith('$') && !type.startsWith('$paramod');
}

/** An RTLIL constant: decimal (`32`) or sized binary (`32'00000000000000000000000000100000`). */
function parseConst(text: string): number {
  const sized = /^\d+'([01]+)$/.exec(text);
  if (sized) return parseInt(sized[1]!, 2);
  return Number.parseInt(text, 10);
}

function unquote(value: string): string {
  const m = /^"(.*)"$/.exec(value);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : value;
}
