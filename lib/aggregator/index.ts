// The aggregator (soggetto aggregatore): central services on AWS and OpenStack, and synthesis of a
// whole landing zones file.
export * from './central-aws';
export * from './central-openstack';
export * from './synth';
export * from './batches';
