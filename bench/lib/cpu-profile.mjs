// Summarises a V8 CPU profile (.cpuprofile, as written by `node --cpu-prof` or the inspector): where the
// process spent its time, by function (self and inclusive) and by package.

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)/;

/** Which code a frame belongs to: an npm package, Node itself, our own code, or V8's bookkeeping. */
export function owner(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = PACKAGE.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node';
  const ours = /\/(apps|libs)\/([^/]+)\//.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

const label = (cf) => {
  // Package files by their path inside node_modules, ours by their path inside the build.
  const file = cf.url
    ? cf.url.includes('/node_modules/')
      ? cf.url.replace(/^.*\/node_modules\//, '')
      : cf.url.replace(/^.*?\/dist\//, '').replace(/^file:\/\//, '')
    : '';
  return `${cf.functionName || '(anonymous)'}${file ? ` ${file}:${cf.lineNumber + 1}` : ''}`;
};

/**
 * @param {{ nodes: { id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }[],
 *           samples: number[], timeDeltas: number[], startTime: number, endTime: number }} profile
 * @returns {{ totalMs: number, idleMs: number, self: [string, number][], inclusive: [string, number][], packages: [string, number][] }}
 */
export function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const inclusive = new Map();
  const packages = new Map();
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  let totalMs = 0;
  let idleMs = 0;
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time until the next sample: attribute it to the frame sampled.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += ms;
      return;
    }
    add(self, label(node.callFrame), ms);
    add(packages, owner(node.callFrame.url, node.callFrame.functionName), ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur).callFrame);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, ms);
      }
    }
  });
  const top = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs, idleMs, self: top(self), inclusive: top(inclusive), packages: top(packages) };
}
