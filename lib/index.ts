// The public API of pa-cloud-kit (`pa-cloud-kit`). The provider-neutral core is exported flat; the
// AWS constructs, the compliance engine and the landing zones file are also in their namespaces
// here. Each part has its own entry point too: `pa-cloud-kit/core`, `/aws`, `/openstack`,
// `/compliance`, `/config`, `/aggregator`.
//
// The OpenStack constructs and the aggregator's central services need cdktf, an optional peer
// dependency: they are only at `pa-cloud-kit/openstack` and `pa-cloud-kit/aggregator`, so an
// AWS-only app that imports `pa-cloud-kit` never loads cdktf (a test checks it).
export * from './core';
export * as aws from './aws';
export * as compliance from './compliance';
export * as config from './config';
