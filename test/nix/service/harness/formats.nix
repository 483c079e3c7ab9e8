# Stand-in for pkgs.formats (a generated module may declare a `settings`
# option with one): the value types hold what the format can write (JSON-like
# values; TOML has no null), `generate` gives a store-like file name without
# building it. The harness checks types and rendering, not file contents.
{ lib, fakeFile }:
let
  inherit (lib) types;
  valueType =
    allowNull:
    let
      v =
        (if allowNull then types.nullOr else (t: t)) (
          types.oneOf [
            types.bool
            types.int
            types.float
            types.str
            types.path
            (types.attrsOf v)
            (types.listOf v)
          ]
        )
        // {
          description = "format value";
        };
    in
    v;
  format = allowNull: {
    type = types.attrsOf (valueType allowNull);
    generate = name: _value: fakeFile name;
  };
in
{
  json = _: format true;
  yaml = _: format true;
  toml = _: format false;
  ini = _: format false;
  keyValue = _: format false;
}
