/**
 * The package's main entry: everything from the side-effect-free `index`, and every element
 * registered.
 *
 * @packageDocumentation
 */
import './define.js';

export * from './index.js';
