// The parts of the built-in SSK default that the form guard needs in every frame before the service
// worker answers (issue 12 §4). Kept apart from default.ts so a content script takes them without the
// policy schema; default.ts is built from them, so there is one source.
export const DEFAULT_ORGANIZATION = {
  name: '社会保険診療報酬支払基金',
  nameEn: 'Health Insurance Claims Review & Reimbursement Services',
  domains: ['ssk.or.jp'],
};

export const DEFAULT_FORMS = { allPostsSensitive: false };
