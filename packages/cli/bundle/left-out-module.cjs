// Stands in, in the single-file agent, for modules dockerode and docker-modem load at start but
// the agent never uses: gRPC (`@grpc/grpc-js`, `@grpc/proto-loader`, for BuildKit sessions of
// image builds) and `ssh2` (for ssh:// Docker hosts, which the agent refuses). Loading them costs
// about 33 MB of resident memory on every host. Anything that does reach for them fails loudly.
'use strict';
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule' || typeof key === 'symbol') return undefined;
      return function leftOut() {
        throw new Error(
          `${String(key)} is left out of the bosun agent bundle: the agent needs no SSH or BuildKit`,
        );
      };
    },
  },
);
