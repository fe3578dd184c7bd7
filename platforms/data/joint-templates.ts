// Joint inspections (联合抽查, “进一次门、查多项事”) the generator plans every year: the lead
// unit, the participating units with the items each brings (I-numbers), and the industries
// (GB/T 4754 prefixes) of the businesses visited together.

export interface JointTemplate {
  theme: string;
  lead: string;
  /** unit → item numbers; the lead comes first. */
  units: Record<string, number[]>;
  prefixes: string[];
}

export const JOINT_TEMPLATES: readonly JointTemplate[] = [
  { theme: '餐饮服务食品安全与卫生', lead: 'market', units: { market: [1, 11], health: [1] }, prefixes: ['62'] },
  { theme: '娱乐场所安全', lead: 'fire', units: { fire: [1, 2, 3], culture: [1, 7], police: [3, 6] }, prefixes: ['9011', '9012', '9013'] },
  { theme: '建筑工地安全与农民工工资', lead: 'housing', units: { housing: [1, 4], hrss: [2] }, prefixes: ['4710', '4813'] },
  { theme: '危险化学品经营安全', lead: 'emergency', units: { emergency: [2, 7], fire: [1, 7] }, prefixes: ['5162', '5265', '5942'] },
  { theme: '校外培训机构与幼儿园', lead: 'education', units: { education: [2, 4], fire: [1, 2], health: [6] }, prefixes: ['8310', '8393', '8394'] },
  { theme: '农产品质量安全', lead: 'agriculture', units: { agriculture: [1], market: [5] }, prefixes: ['0141', '0154', '0411'] },
  { theme: '旅游住宿场所', lead: 'culture', units: { culture: [8], fire: [1, 2], police: [1] }, prefixes: ['6110', '6130'] },
  { theme: '化工企业环境与安全', lead: 'ecology', units: { ecology: [1, 2], emergency: [1, 3] }, prefixes: ['2511', '2614', '2641'] },
  { theme: '机动车维修行业', lead: 'transport', units: { transport: [4], police: [4] }, prefixes: ['8111'] },
  { theme: '医疗机构废物处置', lead: 'health', units: { health: [4], ecology: [2] }, prefixes: ['8411', '8425'] },
];
