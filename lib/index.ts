// The public API of pa-cloud-kit. The provider-neutral core is exported flat; each provider, the
// compliance engine, the landing zones file and the aggregator's central services live in their
// own namespace.
export * from './core';
export * as aws from './aws';
export * as openstack from './openstack';
export * as compliance from './compliance';
export * as config from './config';
export * as aggregator from './aggregator';
