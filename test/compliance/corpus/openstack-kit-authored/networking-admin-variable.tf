# Written for pa-cloud-kit (not corpus): SSH from a prefix given as a variable. The value is known
# only when the configuration is applied: ABSC-NET-02 is unresolved, not failed.
variable "admin_cidr" {
  type = string
}

resource "openstack_networking_secgroup_v2" "admin" {
  name                 = "admin"
  delete_default_rules = true
}

resource "openstack_networking_secgroup_rule_v2" "ssh" {
  direction         = "ingress"
  ethertype         = "IPv4"
  protocol          = "tcp"
  port_range_min    = 22
  port_range_max    = 22
  remote_ip_prefix  = var.admin_cidr
  security_group_id = openstack_networking_secgroup_v2.admin.id
}
