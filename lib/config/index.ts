// The declarative landing zones file: loader, errors, resolved types and the starter.
export * from './errors';
export * from './load';
export * from './schema';
export * from './starter';
export * from './types';
