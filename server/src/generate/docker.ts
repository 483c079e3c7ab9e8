// nix/docker.nix: an OCI image of the service with dockerTools.
//
// streamLayeredImage rather than buildLayeredImage: the result is a script that
// streams the image into `docker load`/`podman load`, so no multi-hundred-MB
// tarball is compressed and kept in the Nix store for every build; the layers
// are the same (one per popular store path, so an update re-sends only what
// changed). `nix build .#docker && ./result | docker load`.
import { attrs, call, code, escapeString, file, fn, kv, list, pathExpr, raw, str, type Nix } from './nixWriter';
import type { ServiceModel } from './service';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function dockerNix(m: ServiceModel): { content: string; warnings: string[] } {
  const warnings: string[] = [];
  // Inside a container the program must listen on every interface, or the published port reaches nothing.
  const inContainer = (v: 'port' | 'socket' | 'host') => (v === 'port' ? String(m.port) : v === 'socket' ? `0.0.0.0:${m.port}` : '0.0.0.0');
  const env: Nix[] = m.env.map((e) => str(`${e.name}=${inContainer(e.value)}`));
  const cmd: Nix[] = m.args.flatMap((a) => [str(a.flag), str(inContainer(a.value))]);
  if (m.fixed?.address && LOOPBACK.has(m.fixed.address)) {
    warnings.push(
      `docker: ${m.bin} listens on ${m.fixed.address} (hard-coded), which a published container port cannot reach; make it read its address (e.g. HOST) or run the container with --network host.`,
    );
  }
  if (!m.env.length && !m.args.length && !m.fixed) warnings.push(`docker: no port setting was found; the image exposes ${m.port}/tcp, which may not be where ${m.bin} listens.`);
  if (m.tls) env.push(raw('"SSL_CERT_FILE=${cacert}/etc/ssl/certs/ca-bundle.crt"'));
  const formals = [
    code`lib`,
    code`dockerTools`,
    ...(m.tls ? [code`cacert`] : []),
    ...(m.packageFile ? [code`callPackage`, code`package ? callPackage ${pathExpr(m.packageFile, 1)} { }`] : [code`package`]),
  ];
  const config = attrs([
    kv('Entrypoint', list([raw('(lib.getExe package)')])),
    ...(cmd.length ? [kv('Cmd', list(cmd), 'Default arguments; `docker run IMAGE --port 9000` replaces them.')] : []),
    ...(env.length ? [kv('Env', list(env))] : []),
    kv('ExposedPorts', attrs([kv(escapeString(`${m.port}/tcp`), attrs([]))])),
    kv('User', str('nobody'), 'Not root: fakeNss provides the nobody account.'),
    kv('WorkingDirectory', str('/tmp')),
  ]);
  const image = call(
    'dockerTools.streamLayeredImage',
    attrs([
      kv('name', str(m.name)),
      kv('tag', raw('package.version')),
      kv('contents', list([raw('dockerTools.fakeNss'), ...(m.tls ? [raw('cacert')] : [])]), m.tls ? 'cacert: the program makes TLS requests and verifies certificates.' : undefined),
      kv('extraCommands', str('mkdir -m 1777 tmp'), 'A writable /tmp for the unprivileged user.'),
      kv('config', config),
    ]),
  );
  const header = [`OCI image of ${m.name}, written by Nixify.`, 'Build and load: nix build .#docker && ./result | docker load', `Run: docker run --rm -p ${m.port}:${m.port} ${m.name}:<version>`].join(
    '\n',
  );
  return { content: file(fn(formals, image), header), warnings };
}
