// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { EnterpriseRef } from './enterprise-ref';
import { PageInfo } from './page-info';

@ObjectType('DirectoryEntry', { description: '检查对象名录库 entry: a business the unit may inspect' })
@Directive('@shareable')
export class DirectoryEntryType {
  @Field(() => String) unitCode!: string;
  @Field(() => EnterpriseRef) enterprise!: EnterpriseRef;
  @Field(() => [String]) tags!: string[];
  @Field(() => String) divisionCode!: string;
  @Field(() => String) industryCode!: string;
  @Field(() => String) addedOn!: string;
}

@ObjectType('DirectoryConnection')
@Directive('@shareable')
export class DirectoryConnection {
  @Field(() => [DirectoryEntryType]) nodes!: DirectoryEntryType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
