export * from './classification';
export * from './controls';
export * from './duration';
export * from './errors';
export * from './locations';
export * from './terraform-text';
export * from './network';
export * from './policy';
export * from './tenant';
export * from './defaults-table';
export * from './metadata';
export * from './admin-ports';
export * from './naming';
export * from './plan';

