# Written for pa-cloud-kit (not corpus): an Octavia listener on plain HTTP: ENC-TRANSIT-01 fails.
resource "openstack_lb_loadbalancer_v2" "web" {
  name          = "web"
  vip_subnet_id = "9c5b0a4e-0000-4000-8000-000000000001"
}

resource "openstack_lb_listener_v2" "http" {
  name            = "http"
  protocol        = "HTTP"
  protocol_port   = 80
  loadbalancer_id = openstack_lb_loadbalancer_v2.web.id
}
