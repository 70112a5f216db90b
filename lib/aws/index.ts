export * from './archive-lifecycle';
export * from './backup';
export * from './landing-zone';
export * from './logging';
export * from './metadata';
export * from './nag-acknowledgements';
export * from './network';
export * from './settings';
