/**
 * Terraform expressions that read endpoints from the service catalog of an
 * `openstack_identity_auth_scope_v3` data source, so the kit needs no endpoint URLs as input:
 * hosts get their Keystone URL, container sync gets the off-site region's Swift account URL.
 */

/** `data.openstack_identity_auth_scope_v3.<logical id>`. */
export type AuthScopeAddress = string;

/** Public URLs of a service type (optionally in one region) as a Terraform list expression (no `${}`). */
function urls(scope: AuthScopeAddress, serviceType: string, region?: string): string {
  const regionFilter = region === undefined ? '' : ` && e.region == "${region}"`;
  return `flatten([for s in ${scope}.service_catalog : [for e in s.endpoints : e.url if e.interface == "public"${regionFilter}] if s.type == "${serviceType}"])`;
}

/** The Keystone v3 URL: the first public identity endpoint, `/v3` appended when missing. */
export function identityUrlExpression(scope: AuthScopeAddress): string {
  return `\${replace(trimsuffix(${urls(scope, 'identity')}[0], "/"), "/(/v3)?$/", "/v3")}`;
}

/** The public object-store URL (`https://.../v1/AUTH_<project>`) of a region; exactly one must exist. */
export function objectStoreUrlExpression(scope: AuthScopeAddress, region: string): string {
  return `\${one(${urls(scope, 'object-store', region)})}`;
}
