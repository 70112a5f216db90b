// The public API of pa-cloud-kit. The provider-neutral core is exported flat; each provider and
// the compliance engine live in their own namespace.
export * from './core';
