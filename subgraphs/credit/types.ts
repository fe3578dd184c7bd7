// Output types of the credit subgraph: the Enterprise entity (owned here, keyed by its credit
// code) and the value types around it. Every field reads from the per-request loaders.
import type { Publication, RiskClass, RiskRecord } from '../../platforms/data/model';
import { dataCityOf, divisionName } from '../../config/divisions';
import { PlatformError } from '../../lib/platform-http';
import { isValidUscc } from '../../lib/uscc';
import type { RegisteredEnterprise } from './client';
import type { CreditContext } from './context';

export interface CreditSchemaTypes {
  Context: CreditContext;
  Scalars: { ID: { Input: string; Output: string } };
  /** Fields are non-null unless they say otherwise. */
  DefaultFieldNullability: false;
}

export type CreditBuilder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<CreditSchemaTypes>>;


/** Turns a platform failure into the graph's PLATFORM_UNAVAILABLE / PLATFORM_TIMEOUT error. */
export async function fromPlatform<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof PlatformError ? error.toGraphQLError() : error;
  }
}

interface DivisionShape {
  code: string;
  name: string | null;
}

export interface EnterpriseEdgeShape {
  cursor: string;
  node: RegisteredEnterprise;
}

export interface EnterpriseConnectionShape {
  edges: EnterpriseEdgeShape[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function defineCreditTypes(builder: CreditBuilder) {
  const RiskClassEnum = builder.enumType('RiskClass', {
    description: '信用风险分类: A low risk … D high risk (国市监信发〔2022〕6号)',
    values: ['A', 'B', 'C', 'D'] as const satisfies readonly RiskClass[],
  });

  const RegistrationStatusEnum = builder.enumType('RegistrationStatus', {
    description: '登记状态',
    values: {
      OPERATING: { value: 'operating', description: '存续' },
      DEREGISTERED: { value: 'deregistered', description: '注销' },
      REVOKED: { value: 'revoked', description: '吊销' },
      ABNORMAL: { value: 'abnormal', description: '列入经营异常名录' },
    } as const,
  });

  const DivisionRef = builder.objectRef<DivisionShape>('Division').implement({
    description: 'GB/T 2260 county-level administrative division',
    shareable: true,
    fields: (t) => ({
      code: t.exposeString('code'),
      name: t.exposeString('name', { nullable: true, description: 'Null for a division outside the configured jurisdiction' }),
    }),
  });

  const RiskRecordRef = builder.objectRef<RiskRecord>('RiskRecord').implement({
    fields: (t) => ({
      riskClass: t.field({ type: RiskClassEnum, resolve: (record) => record.riskClass }),
      classifiedOn: t.exposeString('classifiedOn', { description: 'Day the class took effect (YYYY-MM-DD)' }),
    }),
  });

  const PublicationRef = builder.objectRef<Publication>('Publication').implement({
    description: '公示: an inspection result published in the credit publicity system',
    fields: (t) => ({
      id: t.exposeID('id'),
      uscc: t.exposeID('uscc'),
      unitCode: t.exposeString('unitCode'),
      taskId: t.exposeID('taskId'),
      publishedAt: t.exposeString('publishedAt', { description: 'ISO 8601 instant' }),
      summary: t.exposeString('summary'),
    }),
  });

  const EnterpriseRef = builder.objectRef<RegisteredEnterprise>('Enterprise').implement({
    description: 'A business of the enterprise registry, identified by its unified social credit code',
    fields: (t) => ({
      uscc: t.exposeID('uscc', { description: '统一社会信用代码 (GB 32100-2015)' }),
      name: t.exposeString('name'),
      division: t.field({
        type: DivisionRef,
        resolve: (enterprise) => ({ code: enterprise.divisionCode, name: dataCityOf(enterprise.divisionCode) ? divisionName(enterprise.divisionCode) : null }),
      }),
      industryCode: t.exposeString('industryCode', { description: 'GB/T 4754-2017 four-digit class' }),
      status: t.field({ type: RegistrationStatusEnum, resolve: (enterprise) => enterprise.status }),
      establishedOn: t.exposeString('establishedOn'),
      closedOn: t.exposeString('closedOn', { nullable: true }),
      legalRepresentative: t.exposeString('legalRepresentative'),
      address: t.exposeString('address'),
      riskClass: t.field({ type: RiskClassEnum, nullable: true, description: 'Current class; null if never classified', resolve: (enterprise) => enterprise.riskClass }),
      riskClassifiedOn: t.exposeString('riskClassifiedOn', { nullable: true }),
      riskHistory: t.field({
        type: [RiskRecordRef],
        description: 'Oldest first; the last record is the current class',
        resolve: (enterprise, _args, context) => fromPlatform(context.loaders.riskHistory.load(enterprise.uscc)),
      }),
      publications: t.field({
        type: [PublicationRef],
        resolve: (enterprise, _args, context) => fromPlatform(context.loaders.publications.load(enterprise.uscc)),
      }),
    }),
  });

  builder.asEntity(EnterpriseRef, {
    key: builder.selection<{ uscc: string }>('uscc'),
    // A malformed or unknown code resolves to null: the gateway asked about a business we do not hold.
    resolveReference: ({ uscc }, context) => (isValidUscc(uscc) ? fromPlatform(context.loaders.enterprise.load(uscc)) : null),
  });

  const PageInfoRef = builder.objectRef<EnterpriseConnectionShape['pageInfo']>('PageInfo').implement({
    shareable: true,
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

  const EdgeRef = builder.objectRef<EnterpriseEdgeShape>('EnterpriseEdge').implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({ type: EnterpriseRef, resolve: (edge) => edge.node }),
    }),
  });

  const ConnectionRef = builder.objectRef<EnterpriseConnectionShape>('EnterpriseConnection').implement({
    fields: (t) => ({
      edges: t.field({ type: [EdgeRef], resolve: (connection) => connection.edges }),
      pageInfo: t.field({ type: PageInfoRef, resolve: (connection) => connection.pageInfo }),
      totalCount: t.exposeInt('totalCount', { description: 'Matches of the filter over all pages' }),
    }),
  });

  return { RiskClassEnum, RegistrationStatusEnum, EnterpriseRef, PublicationRef, ConnectionRef };
}
