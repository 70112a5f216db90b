export * from './classification';
export * from './controls';
export * from './duration';
export * from './errors';
export * from './locations';
export * from './network';
export * from './policy';
export * from './tenant';
