# Written for pa-cloud-kit (not corpus): a Nova security group with inline rules, as configurations
# for provider versions before 3.0 declare them. SSH is open to any address: ABSC-NET-02 fails.
resource "openstack_compute_secgroup_v2" "bastion" {
  name        = "bastion"
  description = "bastion host"

  rule {
    from_port   = 22
    to_port     = 22
    ip_protocol = "tcp"
    cidr        = "0.0.0.0/0"
  }

  rule {
    from_port   = 443
    to_port     = 443
    ip_protocol = "tcp"
    cidr        = "0.0.0.0/0"
  }
}
