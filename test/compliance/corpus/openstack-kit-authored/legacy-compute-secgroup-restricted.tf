# Written for pa-cloud-kit (not corpus): the same Nova security group with SSH only from the admin
# network and from the VPN group: ABSC-NET-02 passes.
resource "openstack_compute_secgroup_v2" "bastion" {
  name        = "bastion"
  description = "bastion host"

  rule {
    from_port   = 22
    to_port     = 22
    ip_protocol = "tcp"
    cidr        = "10.20.0.0/24"
  }

  rule {
    from_port     = 22
    to_port       = 22
    ip_protocol   = "tcp"
    from_group_id = openstack_compute_secgroup_v2.vpn.id
  }

  rule {
    from_port   = 443
    to_port     = 443
    ip_protocol = "tcp"
    cidr        = "0.0.0.0/0"
  }
}

resource "openstack_compute_secgroup_v2" "vpn" {
  name        = "vpn"
  description = "VPN concentrator"
}
