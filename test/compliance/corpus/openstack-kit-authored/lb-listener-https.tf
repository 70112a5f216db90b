# Written for pa-cloud-kit (not corpus): the listener terminates TLS with a Barbican certificate:
# ENC-TRANSIT-01 passes.
resource "openstack_lb_loadbalancer_v2" "web" {
  name          = "web"
  vip_subnet_id = "9c5b0a4e-0000-4000-8000-000000000001"
}

resource "openstack_lb_listener_v2" "https" {
  name                      = "https"
  protocol                  = "TERMINATED_HTTPS"
  protocol_port             = 443
  loadbalancer_id           = openstack_lb_loadbalancer_v2.web.id
  default_tls_container_ref = "https://barbican.example.it/v1/containers/9c5b0a4e-0000-4000-8000-000000000002"
}
