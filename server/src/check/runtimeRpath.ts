// Libraries the program opens with dlopen (inference's loadedAtRunTime: ash's libvulkan, the X
// libraries x11-dl opens, libEGL) that a derivation lists among its inputs but never puts where the
// program looks. The linker wrapper adds an rpath entry only for a library it links and fixup's
// shrink-rpath drops the rest, so the program builds and then fails to open them. Whatever wires
// them — patchelf in a phase, a wrapper's LD_LIBRARY_PATH, autoPatchelfHook's runtimeDependencies,
// a `-rpath`/`--add-needed` link argument — quiets it. A hint: Nixify cannot run the program.
import { callKind } from '../builders';
import { canonical } from './inputs';
import { readCalls } from './nixValues';
import type { Check, Finding } from './types';

/** Text that puts libraries where the dynamic loader finds them, anywhere in the file. */
const WIRING = /--add-rpath|--set-rpath|makeLibraryPath|makeSearchPath|LD_LIBRARY_PATH|runtimeDependencies|autoPatchelfHook|addDriverRunpath|addOpenGLRunpath|-rpath|--add-needed|no-as-needed/;

export const runtimeRpath: Check = (ctx) => {
  const opened = new Map(ctx.inferred.buildInputs.filter((i) => i.loadedAtRunTime).map((i) => [canonical(i.attr), i]));
  if (!opened.size) return [];
  const findings: Finding[] = [];
  for (const file of ctx.nixFiles) {
    if (WIRING.test(file.text)) continue;
    const calls = file.model.calls.filter((c) => callKind(c.kind).compiles);
    const seen = new Set<string>();
    for (const r of readCalls(file.text, calls)) {
      const listed = r.inputs.items.filter((i) => opened.has(canonical(i.attr)));
      const first = listed[0];
      if (!first) continue;
      const at = `${first.range.start.line}:${first.range.start.character}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const names = [...new Set(listed.map((i) => i.attr))];
      findings.push({
        code: 'runtime-library-not-on-rpath',
        severity: 'hint',
        file: file.path,
        range: first.range,
        message:
          `The program opens ${names.join(', ')} with dlopen at run time (${opened.get(canonical(first.attr))!.because}); in the inputs ` +
          "they are not on its rpath (the linker adds only libraries it links, and fixup drops the rest), so it builds and then fails to load them. Add them after fixup, e.g. postFixup = ''patchelf --add-rpath \"${lib.makeLibraryPath [ … ]}\" $out/bin/<program>'', or wrap the program with LD_LIBRARY_PATH.",
        fixes: [],
      });
    }
  }
  return findings;
};
