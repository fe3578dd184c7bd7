// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** A reference to the credit subgraph's Enterprise; the gateway resolves its fields there. */
@ObjectType('Enterprise')
@Directive('@key(fields: "uscc", resolvable: false)')
export class EnterpriseRef {
  @Field(() => ID)
  uscc!: string;
}

export const enterpriseRef = (uscc: string): EnterpriseRef => ({ uscc });
