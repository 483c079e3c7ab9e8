// The nginx part of the NixOS module: options under services.<name>.nginx and
// a location added to a virtual host the person already has (a Hugo site at
// example.org), never a virtual host of our own, so their enableACME/forceSSL
// and other locations stay theirs.
//
// Trailing-slash semantics (nginx proxy_pass): with a URI part
// (`http://127.0.0.1:3000/`) the matched location prefix is replaced by it, so
// `/forum/x` reaches the app as `/x`; without one (`http://127.0.0.1:3000`) the
// app sees `/forum/x` and must know its base path. The location ends in `/` in
// both cases (`/forum` + proxy_pass `…/` would send `//x`), and an exact
// `= /forum` location redirects to `/forum/` explicitly.
import { attrs, call, kv, raw, str, update, type Entry, type Nix } from './nixWriter';

export interface NginxDefaults {
  /** `/forum/` or `/forum`; `/` serves the app at the site root. */
  path: string;
  virtualHost?: string;
  websockets: boolean;
}

/**
 * What a path segment may hold: letters, digits and the URL characters that
 * need no quoting in an nginx.conf token (`location /a b/` is two arguments,
 * `;` `{` `}` `#` quotes and `$` end or change one). The same class is the
 * module option's type, so a path set in Nix is held to it too.
 */
const PATH_CHARS = 'A-Za-z0-9._~!*+,=:@-';
/** POSIX ERE for lib.types.strMatching (builtins.match anchors it); one flat class, no nested repetition to backtrack on. */
export const NGINX_PATH_REGEX = `/[${PATH_CHARS.replace(/-$/, '')}/-]*`;

/** `/forum/` → `/forum/`, `forum` → `/forum/`, `/` → `/`; what nginx could not parse is an error naming the character. */
export function normalizeSubpath(p: string): string {
  const trimmed = p.trim().replace(/\/+/g, '/').replace(/^\/?/, '/').replace(/\/?$/, '/');
  const bad = trimmed.match(new RegExp(`[^/${PATH_CHARS}]`));
  if (bad) {
    const what = /\s/.test(bad[0]) ? 'a space' : JSON.stringify(bad[0]);
    throw new Error(`nginx path ${JSON.stringify(p)} contains ${what}, which an nginx location cannot hold unquoted: use a plain URL path such as /forum/ (letters, digits and . _ ~ ! * + , = : @ -)`);
  }
  if (trimmed.split('/').some((seg) => seg === '.' || seg === '..'))
    throw new Error(`nginx path ${JSON.stringify(p)}: "." and ".." segments never match (nginx normalises them away); name the directory itself, e.g. /forum/`);
  return trimmed;
}

const opt = (entries: Entry[]): Nix => call('lib.mkOption', attrs(entries));

export function nginxOptions(name: string, d: NginxDefaults): Entry[] {
  return [
    kv('enable', call('lib.mkEnableOption', str(`an nginx location that proxies a path of an existing virtual host to ${name}`))),
    kv(
      'virtualHost',
      opt([
        kv('type', raw('lib.types.str')),
        ...(d.virtualHost ? [kv('default', str(d.virtualHost))] : []),
        kv('example', str('example.org')),
        kv(
          'description',
          str('The services.nginx.virtualHosts entry (your existing site) that gets the location. Its TLS settings (enableACME, forceSSL) and other locations stay as you wrote them.'),
        ),
      ]),
    ),
    kv(
      'path',
      opt([
        kv('type', call('lib.types.strMatching', str(NGINX_PATH_REGEX)), 'What an nginx location holds unquoted: no spaces, semicolons, braces, hashes, quotes or dollars.'),
        kv('default', str(normalizeSubpath(d.path))),
        kv('example', str('/forum/')),
        kv('description', str(`The URL path ${name} is served under; /forum and /forum/ mean the same.`)),
      ]),
    ),
    kv(
      'stripPrefix',
      opt([
        kv('type', raw('lib.types.bool')),
        kv('default', raw('true')),
        kv(
          'description',
          str(
            `Remove the path before passing requests on (/forum/x reaches ${name} as /x), for apps that serve from the root. Set it to false for an app configured with its base path, which then sees /forum/x. Either way the app gets X-Forwarded-Prefix (except at the site root, where there is no prefix).`,
          ),
        ),
      ]),
    ),
    kv('websockets', opt([kv('type', raw('lib.types.bool')), kv('default', raw(d.websockets ? 'true' : 'false')), kv('description', str('Pass WebSocket upgrades through (proxyWebsockets).'))])),
  ];
}

/** `let` bindings the nginx config uses; `upstreamHost` is the address nginx connects to. */
export function nginxLets(): Entry[] {
  return [
    kv('base', raw('lib.removeSuffix "/" cfg.nginx.path'), '"/forum/" and "/forum" both give "/forum"; the site root gives "".'),
    kv(
      'upstreamHost',
      raw(
        'if cfg.listenAddress == "0.0.0.0" then "127.0.0.1" else if cfg.listenAddress == "::" then "[::1]" else if lib.hasInfix ":" cfg.listenAddress then "[${cfg.listenAddress}]" else cfg.listenAddress',
      ),
      'A wildcard listen address is reached through loopback.',
    ),
  ];
}

/** `services.nginx = lib.mkIf cfg.nginx.enable { … }` for the module's config. */
export function nginxConfig(): Nix {
  const location = attrs([
    kv(
      'proxyPass',
      raw('"http://${upstreamHost}:${toString cfg.port}" + lib.optionalString cfg.nginx.stripPrefix "/"'),
      'With the trailing slash nginx replaces the matched path: /forum/x reaches the app as /x.',
    ),
    kv('proxyWebsockets', raw('cfg.nginx.websockets')),
    kv('recommendedProxySettings', raw('true'), 'Host, X-Real-IP, X-Forwarded-For/-Proto/-Host.'),
    kv(
      'extraConfig',
      raw('lib.optionalString (base != "") "proxy_set_header X-Forwarded-Prefix ${base};"'),
      'recommendedProxySettings has no X-Forwarded-Prefix; apps use it to build their links. At the site root there is none (nginx refuses the header with an empty value).',
    ),
  ]);
  const locations = update(
    attrs([kv('"${base}/"', location)]),
    call('lib.optionalAttrs', raw('(base != "")'), attrs([kv('"= ${base}"', attrs([kv('return', raw('"301 ${base}/"'))]), 'Exactly /forum: send the browser to /forum/ so relative links resolve.')])),
  );
  return call(
    'lib.mkIf',
    raw('cfg.nginx.enable'),
    attrs([kv('enable', raw('true')), kv('virtualHosts', attrs([kv('"${cfg.nginx.virtualHost}"', attrs([kv('locations', locations, 'Merged into the existing virtual host of that name.')]))]))]),
  );
}
