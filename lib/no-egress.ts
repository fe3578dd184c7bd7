// Nothing of this system may talk to hosts outside the deployment. @apollo/gateway starts a
// usage-telemetry exporter to its vendor and probes the cloud metadata addresses (AWS, GCP,
// Azure, Alibaba) unless APOLLO_TELEMETRY_DISABLED is set when an ApolloGateway is made; the
// modules that load @apollo/gateway import this one first, so it is set before the package
// loads, whatever the environment says. Apollo Server's usage and schema reporting and its
// CDN-hosted landing page are turned off by the plugins below, in every server.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';

process.env.APOLLO_TELEMETRY_DISABLED = 'true';

/** The plugins every Apollo Server here carries: no reporting to the vendor, no CDN landing page. */
export function noVendorPlugins<Context extends BaseContext>(): ApolloServerPlugin<Context>[] {
  return [ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled(), ApolloServerPluginLandingPageDisabled()];
}
