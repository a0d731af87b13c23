// The classic-script build: `window.CrmWidgets` holds this module's exports.
import './define.js';

export { configure, createCrm, CrmApiError, isCrmApiError, version } from './index.js';
