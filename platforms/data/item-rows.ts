// The shape of one row of the item catalogue, shared by the two catalogue files.

/** name, key?, subject (检查对象), content (检查内容), method (检查方式), legal basis (检查依据),
 *  specialty, risk-based?, and the equivalence group of items that are the same check. */
export type ItemRow = [
  name: string,
  key: boolean,
  subject: string,
  content: string,
  method: string,
  legalBasis: string,
  specialty: string,
  riskBased: boolean,
  equivalence?: EquivalenceGroup,
];

/** Checks that several units perform on the same business with a shared legal basis. */
export type EquivalenceGroup =
  | 'catering-hygiene'
  | 'safety-duty'
  | 'fire-duty'
  | 'exits'
  | 'hazardous-waste'
  | 'special-equipment'
  | 'migrant-wages'
  | 'produce-certificate';

export const ON_SITE = '现场检查';
export const PAPER = '书面检查';
export const BOTH = '现场检查、书面检查';
export const SAMPLING = '抽样检测';
